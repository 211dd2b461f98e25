import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { parseCompletionRequest } from '../services/legacy-completions/completion-request.schema';
import { LegacyCompletionsService } from '../services/legacy-completions/legacy-completions.service';
import { RequestContext } from '../services/request-context';
import { Caller } from './auth.guard';
import { servedHeaders } from './served-headers';
import { writeEventStream } from './sse-writer';

/** OpenAI's legacy prompt-completion route, served by chat models. */
@Controller()
export class LegacyCompletionsController {
  constructor(private readonly completions: LegacyCompletionsService) {}

  @Post(['v1/completions', 'completions'])
  @HttpCode(200)
  async create(@Caller() ctx: RequestContext, @Body() body: unknown, @Res() reply: FastifyReply) {
    const request = parseCompletionRequest(body);
    if (request.stream) return writeEventStream(reply, this.completions.stream(ctx, request));
    const answer = await this.completions.create(ctx, request);
    return reply
      .headers({ ...servedHeaders(answer.served), ...answer.headers })
      .type('application/json')
      .send(answer.body);
  }
}
