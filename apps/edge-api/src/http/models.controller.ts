import { Controller, Get, Param } from '@nestjs/common';
import { ModelsService, ModelList, ModelCard } from '../services/models.service';

@Controller()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get(['v1/models', 'models'])
  list(): ModelList {
    return this.models.list();
  }

  /** A wildcard, since model names often hold slashes (`openai/gpt-4o` in LiteLLM configs). */
  @Get(['v1/models/*', 'models/*'])
  get(@Param('*') id: string): ModelCard {
    return this.models.get(id);
  }
}
