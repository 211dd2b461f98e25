import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { parseCompletionRequest } from '../services/legacy-completions/completion-request.schema';
import { LegacyCompletionsService } from '../services/legacy-completions/legacy-completions.service';
import { RequestContext } from '@gatehouse/pipeline';
import { Caller } from './auth.guard';
import { JsonRequest, rawBodyOf } from './raw-body';
import { servedHeaders } from './served-headers';
import { writeEventStream } from './sse-writer';

/** OpenAI's legacy prompt-completion route, served by chat models. */
@Controller()
export class LegacyCompletionsController {
  constructor(private readonly completions: LegacyCompletionsService) {}

  @Post(['v1/completions', 'completions'])
  @HttpCode(200)
  async create(
    @Caller() ctx: RequestContext,
    @Body() body: unknown,
    @Req() req: JsonRequest,
    @Res() reply: FastifyReply,
  ) {
    const request = parseCompletionRequest(body);
    if (request.stream) return writeEventStream(reply, this.completions.stream(ctx, request, rawBodyOf(req)));
    const answer = await this.completions.create(ctx, request, rawBodyOf(req));
    return reply
      .headers({ ...servedHeaders(answer.served), ...answer.headers })
      .type('application/json')
      .send(answer.body);
  }
}
