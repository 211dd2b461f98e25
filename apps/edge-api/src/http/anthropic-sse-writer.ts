import { common } from '@gatehouse/contracts';
import { asFailure, GatewayFailure } from '@gatehouse/errors';
import { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { anthropicErrorBody } from '../services/anthropic-messages/anthropic-errors';
import { AnthropicFrame } from '../services/anthropic-messages/messages.service';
import { servedHeaders } from './served-headers';

/**
 * Writes Anthropic's SSE grammar: `event: <type>` + `data: <json>` per event, no [DONE]. As for
 * OpenAI streams, headers wait for the first event, so an early failure is a plain JSON error with
 * its status; a later one is an `event: error` frame. A client that leaves cancels the call.
 */
export function writeAnthropicStream(reply: FastifyReply, frames: Observable<AnthropicFrame>): void {
  void reply.hijack();
  const res = reply.raw;
  let served: common.Served | undefined;
  const open = () => {
    if (res.headersSent) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': reply.request.id,
      ...servedHeaders(served),
    });
  };
  const subscription = frames.subscribe({
    next(frame) {
      switch (frame.kind) {
        case 'start':
          served = frame.served;
          return;
        case 'event':
          open();
          res.write(`event: ${frame.event.type}\ndata: ${JSON.stringify(frame.event)}\n\n`);
          return;
        case 'end':
          open();
          res.end();
          return;
        case 'error':
          writeFailure(reply, frame.failure);
          return;
      }
    },
    error(error: unknown) {
      writeFailure(reply, asFailure(error));
    },
    complete() {
      if (!res.writableEnded) res.end();
    },
  });
  res.on('close', () => subscription.unsubscribe());
}

function writeFailure(reply: FastifyReply, failure: GatewayFailure): void {
  const res = reply.raw;
  if (res.writableEnded) return;
  const body = JSON.stringify(anthropicErrorBody(failure));
  if (res.headersSent) {
    res.end(`event: error\ndata: ${body}\n\n`);
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': reply.request.id };
  if (failure.details.retryAfterSeconds) headers['retry-after'] = String(failure.details.retryAfterSeconds);
  res.writeHead(failure.status, headers);
  res.end(body);
}
