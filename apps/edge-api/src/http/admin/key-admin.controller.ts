import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AdminService } from '../../services/admin.service';
import { RequestContext } from '@gatehouse/pipeline';
import { Caller } from '../auth.guard';

type JsonBody = Record<string, unknown> | undefined;

/** LiteLLM's key management routes; auth checks the caller and validates the payload. */
@Controller('key')
export class KeyAdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('generate')
  @HttpCode(200)
  generate(@Caller() ctx: RequestContext, @Body() body: unknown) {
    return this.admin.call('key.generate', ctx, body);
  }

  @Post('update')
  @HttpCode(200)
  update(@Caller() ctx: RequestContext, @Body() body: unknown) {
    return this.admin.call('key.update', ctx, body);
  }

  @Post('delete')
  @HttpCode(200)
  delete(@Caller() ctx: RequestContext, @Body() body: unknown) {
    return this.admin.call('key.delete', ctx, body);
  }

  @Get('info')
  info(@Caller() ctx: RequestContext, @Query() query: unknown) {
    return this.admin.call('key.info', ctx, query);
  }

  @Get('list')
  list(@Caller() ctx: RequestContext, @Query() query: unknown) {
    return this.admin.call('key.list', ctx, query);
  }

  @Post('regenerate')
  @HttpCode(200)
  regenerate(@Caller() ctx: RequestContext, @Body() body: unknown) {
    return this.admin.call('key.regenerate', ctx, body);
  }

  /** As in LiteLLM, a `key` in the body wins over the one in the path. */
  @Post(':key/regenerate')
  @HttpCode(200)
  regenerateByPath(@Caller() ctx: RequestContext, @Param('key') key: string, @Body() body: JsonBody) {
    return this.admin.call('key.regenerate', ctx, { key, ...body });
  }

  @Post('block')
  @HttpCode(200)
  block(@Caller() ctx: RequestContext, @Body() body: unknown) {
    return this.admin.call('key.block', ctx, body);
  }

  @Post('unblock')
  @HttpCode(200)
  unblock(@Caller() ctx: RequestContext, @Body() body: unknown) {
    return this.admin.call('key.unblock', ctx, body);
  }
}
