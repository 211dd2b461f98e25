import { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { anthropicErrorBody } from '../services/anthropic-messages/anthropic-errors';
import { AnthropicFrame } from '../services/anthropic-messages/messages.service';
import { SseDialect, writeSse } from './sse-stream';

type EventFrame = Extract<AnthropicFrame, { kind: 'event' }>;

const ANTHROPIC_SSE: SseDialect<EventFrame> = {
  frame: ({ event }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
  done: '',
  errorBody: anthropicErrorBody,
  errorFrame: (json) => `event: error\ndata: ${json}\n\n`,
};

/** Anthropic's stream grammar: `event: <type>` + `data: <json>` per event, no [DONE]. */
export function writeAnthropicStream(reply: FastifyReply, frames: Observable<AnthropicFrame>): void {
  writeSse(reply, frames, ANTHROPIC_SSE);
}
