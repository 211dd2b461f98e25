import { openAiErrorBody } from '@gatehouse/errors';
import { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { StreamEvent } from '@gatehouse/pipeline';
import { SseDialect, writeSse } from './sse-stream';

type DataFrame = Extract<StreamEvent<unknown>, { kind: 'data' }>;

const OPENAI_SSE: SseDialect<DataFrame> = {
  frame: (item) => `data: ${item.data.text()}\n\n`,
  done: 'data: [DONE]\n\n',
  errorBody: openAiErrorBody,
  errorFrame: (json) => `data: ${json}\n\n`,
};

/** OpenAI's stream grammar: `data: <chunk>` frames, then `data: [DONE]`. */
export function writeEventStream(reply: FastifyReply, events: Observable<StreamEvent<unknown>>): void {
  writeSse(reply, events, OPENAI_SSE);
}
