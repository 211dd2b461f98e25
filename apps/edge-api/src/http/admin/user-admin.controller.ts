import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { AdminService } from '../../services/admin.service';
import { RequestContext } from '@gatehouse/pipeline';
import { Caller } from '../auth.guard';

/**
 * LiteLLM's /user routes. Requires an admin key (the master key or a proxy_admin user's key): auth
 * checks the role, validates the payload and answers; these handlers only forward.
 */
@Controller('user')
export class UserAdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('new')
  @HttpCode(200)
  create(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('user.new', ctx, body);
  }

  @Post('update')
  @HttpCode(200)
  update(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('user.update', ctx, body);
  }

  @Post('delete')
  @HttpCode(200)
  delete(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('user.delete', ctx, body);
  }

  @Get('info')
  info(@Caller() ctx: RequestContext, @Query() query: unknown): Promise<unknown> {
    return this.admin.call('user.info', ctx, query);
  }

  @Get('list')
  list(@Caller() ctx: RequestContext, @Query() query: unknown): Promise<unknown> {
    return this.admin.call('user.list', ctx, query);
  }
}
