import { Controller, Get, Param } from '@nestjs/common';
import { ModelsService, ModelList, ModelCard } from '../services/models.service';

@Controller()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get(['v1/models', 'models'])
  list(): ModelList {
    return this.models.list();
  }

  @Get(['v1/models/:id', 'models/:id'])
  get(@Param('id') id: string): ModelCard {
    return this.models.get(id);
  }
}
