import { Controller, Get, Param } from '@nestjs/common';
import { RequestContext } from '@gatehouse/pipeline';
import { ModelsService, ModelList, ModelCard } from '../services/models.service';
import { Caller } from './auth.guard';

/** OpenAI's model listing, showing a key only the models it may call. */
@Controller()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get(['v1/models', 'models'])
  list(@Caller() ctx: RequestContext): ModelList {
    return this.models.list(ctx.principal.models);
  }

  /** A wildcard, since model names often hold slashes (`openai/gpt-4o` in LiteLLM configs). */
  @Get(['v1/models/*', 'models/*'])
  get(@Caller() ctx: RequestContext, @Param('*') id: string): ModelCard {
    return this.models.get(id, ctx.principal.models);
  }
}
