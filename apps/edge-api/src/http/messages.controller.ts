import { Body, Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { parseMessagesRequest } from '../services/anthropic-messages/anthropic-request.schema';
import { MessagesService } from '../services/anthropic-messages/messages.service';
import { RequestContext } from '@gatehouse/pipeline';
import { AnthropicExceptionFilter } from './anthropic-exception.filter';
import { writeAnthropicStream } from './anthropic-sse-writer';
import { Caller } from './auth.guard';
import { JsonRequest, rawBodyOf } from './raw-body';
import { servedHeaders } from './served-headers';

/** Anthropic's Messages API, for Anthropic-SDK clients and coding agents, in front of any provider. */
@Controller()
@UseFilters(AnthropicExceptionFilter)
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post(['v1/messages', 'messages'])
  @HttpCode(200)
  async create(
    @Caller() ctx: RequestContext,
    @Body() body: unknown,
    @Req() req: JsonRequest,
    @Res() reply: FastifyReply,
  ) {
    const request = parseMessagesRequest(body);
    if (request.stream) return writeAnthropicStream(reply, this.messages.stream(ctx, request, rawBodyOf(req)));
    const answer = await this.messages.create(ctx, request, rawBodyOf(req));
    return reply
      .headers({ ...servedHeaders(answer.served), ...answer.headers })
      .type('application/json')
      .send(answer.message);
  }
}
