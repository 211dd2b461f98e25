import { common } from '@gatehouse/contracts';
import { asFailure, GatewayFailure } from '@gatehouse/errors';
import { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { servedHeaders } from './served-headers';

/** What a streaming service emits: which deployment serves, its frames, then an end or a failure. */
export type Streamed<F> =
  | { kind: 'start'; served: common.Served; headers?: Record<string, string> }
  | { kind: 'end' }
  | { kind: 'error'; failure: GatewayFailure }
  | F;

/** How one wire protocol spells its frames, its end and its errors. */
export interface SseDialect<F> {
  frame(item: F): string;
  /** Written last on success: OpenAI's `data: [DONE]`, nothing for Anthropic. */
  done: string;
  errorBody(failure: GatewayFailure): unknown;
  errorFrame(json: string): string;
}

/**
 * Writes a stream as server-sent events. Headers wait for the first frame, so a failure before it
 * is an ordinary JSON error with its status; after it, an error frame ends the stream. A client
 * that goes away unsubscribes, which cancels the call upstream.
 */
export function writeSse<F extends { kind: string }>(
  reply: FastifyReply,
  items: Observable<Streamed<F>>,
  dialect: SseDialect<F>,
): void {
  void reply.hijack();
  const res = reply.raw;
  let served: common.Served | undefined;
  let quota: Record<string, string> | undefined;
  const open = () => {
    if (res.headersSent) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': reply.request.id,
      ...servedHeaders(served),
      ...quota,
    });
  };
  // Set once the stream has said its last word; the call then ends on its own with status OK.
  let settled = false;
  const fail = (failure: GatewayFailure) => {
    settled = true;
    writeFailure(reply, failure, dialect);
  };
  const subscription = items.subscribe({
    next(item) {
      if (isStart(item)) {
        served = item.served;
        quota = item.headers;
      } else if (isEnd(item)) {
        settled = true;
        open();
        res.end(dialect.done);
      } else if (isError(item)) fail(item.failure);
      else {
        open();
        res.write(dialect.frame(item));
      }
    },
    error: (error: unknown) => fail(asFailure(error)),
    complete() {
      if (!res.writableEnded) res.end();
    },
  });
  // Only a client that leaves early cancels the call upstream. Cancelling a call that already
  // delivered its end would reset its HTTP/2 stream; a reset per request looks like a flood to
  // Node's HTTP/2 guard, which then drops the connection and every stream on it.
  res.on('close', () => {
    if (!settled) subscription.unsubscribe();
  });
}

function isStart(item: {
  kind: string;
}): item is { kind: 'start'; served: common.Served; headers?: Record<string, string> } {
  return item.kind === 'start';
}
function isEnd(item: { kind: string }): item is { kind: 'end' } {
  return item.kind === 'end';
}
function isError(item: { kind: string }): item is { kind: 'error'; failure: GatewayFailure } {
  return item.kind === 'error';
}

function writeFailure<F>(reply: FastifyReply, failure: GatewayFailure, dialect: SseDialect<F>): void {
  const res = reply.raw;
  if (res.writableEnded) return;
  const body = JSON.stringify(dialect.errorBody(failure));
  if (res.headersSent) {
    res.end(dialect.errorFrame(body));
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': reply.request.id };
  if (failure.details.retryAfterSeconds) headers['retry-after'] = String(failure.details.retryAfterSeconds);
  res.writeHead(failure.status, headers);
  res.end(body);
}
