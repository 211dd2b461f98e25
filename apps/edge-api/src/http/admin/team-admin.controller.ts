import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { AdminService } from '../../services/admin.service';
import { RequestContext } from '@gatehouse/pipeline';
import { Caller } from '../auth.guard';

/**
 * LiteLLM's /team routes. Requires an admin key (the master key or a proxy_admin user's key): auth
 * checks the role, validates the payload and answers; these handlers only forward.
 */
@Controller('team')
export class TeamAdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('new')
  @HttpCode(200)
  create(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('team.new', ctx, body);
  }

  @Post('update')
  @HttpCode(200)
  update(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('team.update', ctx, body);
  }

  @Post('delete')
  @HttpCode(200)
  delete(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('team.delete', ctx, body);
  }

  @Post('member_add')
  @HttpCode(200)
  addMember(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('team.member_add', ctx, body);
  }

  @Post('member_delete')
  @HttpCode(200)
  removeMember(@Caller() ctx: RequestContext, @Body() body: unknown): Promise<unknown> {
    return this.admin.call('team.member_delete', ctx, body);
  }

  @Get('info')
  info(@Caller() ctx: RequestContext, @Query() query: unknown): Promise<unknown> {
    return this.admin.call('team.info', ctx, query);
  }

  @Get('list')
  list(@Caller() ctx: RequestContext, @Query() query: unknown): Promise<unknown> {
    return this.admin.call('team.list', ctx, query);
  }
}
