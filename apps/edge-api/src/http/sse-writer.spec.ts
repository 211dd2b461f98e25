import { FastifyReply } from 'fastify';
import { EventEmitter } from 'node:events';
import { Observable, Subscriber } from 'rxjs';
import { Payload, StreamEvent } from '@gatehouse/pipeline';
import { writeEventStream } from './sse-writer';

const served = { deploymentId: 'd', provider: 'openai', providerModel: 'm', attempts: 1, cacheHit: false };

/** Just enough of a Fastify reply over a Node response to watch what the writer does. */
function fakeReply() {
  const raw = Object.assign(new EventEmitter(), {
    headersSent: false,
    writableEnded: false,
    status: 0,
    body: '',
    writeHead(status: number) {
      raw.status = status;
      raw.headersSent = true;
    },
    write(chunk: string) {
      raw.body += chunk;
    },
    end(chunk?: string) {
      if (chunk) raw.body += chunk;
      raw.writableEnded = true;
      setImmediate(() => raw.emit('close'));
    },
  });
  const reply = { raw, hijack: () => undefined, request: { id: 'r1' } } as unknown as FastifyReply;
  return { reply, raw };
}

/** A call whose teardown tells whether it was cancelled (torn down before it completed). */
function upstream() {
  let subscriber: Subscriber<StreamEvent> | undefined;
  let completed = false;
  let cancelled = false;
  const source = new Observable<StreamEvent>((s) => {
    subscriber = s;
    return () => {
      if (!completed) cancelled = true;
    };
  });
  return {
    source,
    emit: (event: StreamEvent) => subscriber?.next(event),
    complete: () => {
      completed = true;
      subscriber?.complete();
    },
    wasCancelled: () => cancelled,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('writeEventStream', () => {
  it('lets a call that delivered its end finish on its own instead of cancelling it', async () => {
    const { reply, raw } = fakeReply();
    const call = upstream();
    writeEventStream(reply, call.source);
    call.emit({ kind: 'start', served });
    call.emit({ kind: 'data', data: Payload.fromJson('{"x":1}') });
    call.emit({ kind: 'end' });
    await tick();
    await tick();
    expect(raw.body).toBe('data: {"x":1}\n\ndata: [DONE]\n\n');
    expect(call.wasCancelled()).toBe(false);
    call.complete();
    expect(call.wasCancelled()).toBe(false);
  });

  it('cancels the call when the client leaves before the end', async () => {
    const { reply, raw } = fakeReply();
    const call = upstream();
    writeEventStream(reply, call.source);
    call.emit({ kind: 'start', served });
    call.emit({ kind: 'data', data: Payload.fromJson('{"x":1}') });
    raw.emit('close');
    await tick();
    expect(call.wasCancelled()).toBe(true);
  });
});
