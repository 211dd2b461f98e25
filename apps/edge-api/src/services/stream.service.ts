import { Injectable } from '@nestjs/common';
import { common, router } from '@gatehouse/contracts';
import { fromWire, GatewayFailure, toWire } from '@gatehouse/errors';
import { ChatCompletionChunk, ChatRequest, toOpenAiUsage, TokenUsage } from '@gatehouse/providers-core';
import { catchError, concatMap, finalize, Observable } from 'rxjs';
import { RouterClient } from '../repositories/router.client';
import { CompletionsService, wireContext } from './completions.service';
import { RequestContext } from './request-context';
import { CallOutcome, UsageRecorder } from './usage-recorder';

/** What the HTTP layer writes: headers once, then SSE data frames, then [DONE] or an error frame. */
export type StreamEvent =
  | { kind: 'start'; served: common.Served }
  | { kind: 'data'; data: Buffer | string }
  | { kind: 'end' }
  | { kind: 'error'; failure: GatewayFailure };

/** Streaming chat: relays chunks as they come and accounts for the stream however it ends. */
@Injectable()
export class StreamService {
  constructor(
    private readonly completions: CompletionsService,
    private readonly router: RouterClient,
    private readonly usage: UsageRecorder,
  ) {}

  chat(
    ctx: RequestContext,
    request: ChatRequest,
    rawBody: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Observable<StreamEvent> {
    this.completions.assertServed(ctx, request.model);
    const outcome: CallOutcome = { route, model: request.model, stream: true, disconnected: true };
    const wantsUsage = request.stream_options?.include_usage === true;
    let firstChunk: ChatCompletionChunk | undefined;

    const toEvents = (chunk: router.CompleteChunk): StreamEvent[] => {
      if (chunk.start?.served) {
        outcome.served = chunk.start.served;
        return [{ kind: 'start', served: chunk.start.served }];
      }
      if (chunk.chunk) {
        if (outcome.firstTokenAt === undefined) {
          outcome.firstTokenAt = performance.now();
          // Only the usage chunk needs the stream's id and model; other streams skip the parse.
          if (wantsUsage) firstChunk = JSON.parse(chunk.chunk.toString('utf8')) as ChatCompletionChunk;
        }
        return [{ kind: 'data', data: chunk.chunk }];
      }
      if (chunk.end) {
        outcome.usage = chunk.end.usage;
        outcome.disconnected = false;
        const tail: StreamEvent[] = [{ kind: 'end' }];
        return wantsUsage && outcome.usage
          ? [{ kind: 'data', data: usageChunk(firstChunk, request, outcome.usage) }, ...tail]
          : tail;
      }
      const failure = fromWire(chunk.error ?? {});
      outcome.failure = failure;
      outcome.disconnected = false;
      return [{ kind: 'error', failure }];
    };

    return this.router.streamComplete({ context: wireContext(ctx), model: request.model, body: rawBody }).pipe(
      concatMap(toEvents),
      catchError(() =>
        toEvents({ error: toWire(new GatewayFailure('internal', 'the stream failed inside the gateway')) }),
      ),
      finalize(() => this.usage.record(ctx, outcome)),
    );
  }
}

/** The usage chunk OpenAI sends last when `stream_options.include_usage` is set. */
function usageChunk(first: ChatCompletionChunk | undefined, request: ChatRequest, usage: TokenUsage): string {
  const chunk: ChatCompletionChunk = {
    id: first?.id ?? 'chatcmpl-gatehouse',
    object: 'chat.completion.chunk',
    created: first?.created ?? Math.floor(Date.now() / 1000),
    model: first?.model ?? request.model,
    choices: [],
    usage: toOpenAiUsage(usage),
  };
  return JSON.stringify(chunk);
}
