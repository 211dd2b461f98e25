import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { Answer, CompletionPipeline, RequestContext, StreamPipeline } from '@gatehouse/pipeline';
import { FastifyReply } from 'fastify';
import { parseChatRequest, parseEmbeddingRequest } from '../services/chat-request.schema';
import { Caller } from './auth.guard';
import { JsonRequest, rawBodyOf } from './raw-body';
import { servedHeaders } from './served-headers';
import { writeEventStream } from './sse-writer';

/** OpenAI's inference routes, with and without the /v1 prefix as LiteLLM serves them. */
@Controller()
export class CompletionsController {
  constructor(
    private readonly completions: CompletionPipeline,
    private readonly streams: StreamPipeline,
  ) {}

  @Post(['v1/chat/completions', 'chat/completions'])
  @HttpCode(200)
  async chat(
    @Caller() ctx: RequestContext,
    @Body() body: unknown,
    @Req() req: JsonRequest,
    @Res() reply: FastifyReply,
  ) {
    const request = parseChatRequest(body);
    if (request.stream) return writeEventStream(reply, this.streams.chat(ctx, request, rawBodyOf(req)));
    return sendAnswer(reply, await this.completions.chat(ctx, request, rawBodyOf(req)));
  }

  @Post(['v1/embeddings', 'embeddings'])
  @HttpCode(200)
  async embeddings(
    @Caller() ctx: RequestContext,
    @Body() body: unknown,
    @Req() req: JsonRequest,
    @Res() reply: FastifyReply,
  ) {
    return sendAnswer(reply, await this.completions.embed(ctx, parseEmbeddingRequest(body), rawBodyOf(req)));
  }
}

function sendAnswer(reply: FastifyReply, answer: Answer<unknown>): FastifyReply {
  return reply
    .headers({ ...servedHeaders(answer.served), ...answer.headers })
    .type('application/json')
    .send(answer.body.text());
}
