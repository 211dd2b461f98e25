import { common } from '@gatehouse/contracts';
import { GatewayFailure, openAiErrorBody } from '@gatehouse/errors';
import { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { StreamEvent } from '../services/stream.service';
import { servedHeaders } from './served-headers';

/**
 * Writes a stream as server-sent events. Headers wait for the first chunk, so a failure before it
 * is an ordinary JSON error with its status; after it, an error frame ends the stream. A client
 * that goes away unsubscribes, which cancels the call upstream.
 */
export function writeEventStream(reply: FastifyReply, events: Observable<StreamEvent>): void {
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
  const subscription = events.subscribe({
    next(event) {
      switch (event.kind) {
        case 'start':
          served = event.served;
          return;
        case 'data':
          open();
          res.write(`data: ${event.data.toString()}\n\n`);
          return;
        case 'end':
          open();
          res.end('data: [DONE]\n\n');
          return;
        case 'error':
          writeFailure(reply, event.failure);
          return;
      }
    },
    error(error: unknown) {
      writeFailure(reply, error instanceof GatewayFailure ? error : new GatewayFailure('internal', 'internal error'));
    },
    complete() {
      if (!res.writableEnded) res.end();
    },
  });
  res.on('close', () => subscription.unsubscribe());
}

function writeFailure(reply: FastifyReply, failure: GatewayFailure): void {
  const res = reply.raw;
  const body = JSON.stringify(openAiErrorBody(failure));
  if (res.headersSent) {
    res.end(`data: ${body}\n\n`);
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': reply.request.id };
  if (failure.details.retryAfterSeconds) headers['retry-after'] = String(failure.details.retryAfterSeconds);
  res.writeHead(failure.status, headers);
  res.end(body);
}
