import { Controller, Get, Query } from '@nestjs/common';
import { ModelInfoCatalog, ModelInfoList } from '../../config/model-info-catalog';
import { RequestContext } from '@gatehouse/pipeline';
import { Caller } from '../auth.guard';

/** LiteLLM's deployment listing. Requires a key (any valid one, as in LiteLLM); shows the models it may call. */
@Controller()
export class ModelInfoController {
  constructor(private readonly catalog: ModelInfoCatalog) {}

  @Get(['model/info', 'v1/model/info'])
  info(@Caller() ctx: RequestContext, @Query('litellm_model_id') modelId: unknown): ModelInfoList {
    return this.catalog.describe(ctx.principal.models, typeof modelId === 'string' ? modelId : undefined);
  }
}
