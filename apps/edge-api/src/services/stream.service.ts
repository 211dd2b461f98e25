import { Inject, Injectable } from '@nestjs/common';
import { common, router } from '@gatehouse/contracts';
import { fromWire, GatewayFailure, toWire } from '@gatehouse/errors';
import { ChatCompletionChunk, ChatRequest, toOpenAiUsage, TokenUsage } from '@gatehouse/providers-core';
import { Logger } from '@gatehouse/logging';
import { catchError, concatMap, defer, finalize, Observable, switchMap } from 'rxjs';
import { EDGE_LOGGER } from '../config/tokens';
import { RouterClient } from '../repositories/router.client';
import { Admission, AdmissionService } from './admission.service';
import { CompletionsService, wireContext } from './completions.service';
import { RequestContext } from './request-context';
import { ReservationEstimator } from './reservation-estimator';
import { streamedText } from './streamed-text';
import { estimateStreamUsage } from './token-counter';
import { CallOutcome } from './usage-recorder';

/** What the HTTP layer writes: headers once, then SSE data frames, then [DONE] or an error frame. */
export type StreamEvent =
  | { kind: 'start'; served: common.Served; headers?: Record<string, string> }
  | { kind: 'data'; data: Buffer | string }
  | { kind: 'end' }
  | { kind: 'error'; failure: GatewayFailure };

/** Streaming chat: relays chunks as they come and accounts for the stream however it ends. */
@Injectable()
export class StreamService {
  constructor(
    private readonly completions: CompletionsService,
    private readonly router: RouterClient,
    private readonly admission: AdmissionService,
    private readonly reservations: ReservationEstimator,
    @Inject(EDGE_LOGGER) private readonly logger: Logger,
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
    // Kept (not parsed) so a stream that ends without provider usage can still be counted.
    const chunks: Buffer[] = [];
    let admission: Admission | undefined;

    const toEvents = (chunk: router.CompleteChunk): StreamEvent[] => {
      if (chunk.start?.served) {
        outcome.served = chunk.start.served;
        return [{ kind: 'start', served: chunk.start.served, headers: admission?.headers }];
      }
      if (chunk.chunk) {
        if (outcome.firstTokenAt === undefined) outcome.firstTokenAt = performance.now();
        chunks.push(chunk.chunk);
        return [{ kind: 'data', data: chunk.chunk }];
      }
      if (chunk.end) {
        outcome.usage = chunk.end.usage;
        outcome.disconnected = false;
        const tail: StreamEvent[] = [{ kind: 'end' }];
        return wantsUsage && outcome.usage
          ? [{ kind: 'data', data: usageChunk(chunks[0], request, outcome.usage) }, ...tail]
          : tail;
      }
      const failure = fromWire(chunk.error ?? {});
      outcome.failure = failure;
      outcome.disconnected = false;
      return [{ kind: 'error', failure }];
    };

    const reservation = () => this.reservations.forChat(request, rawBody);
    return defer(() => this.admission.admit(ctx, request.model, reservation)).pipe(
      switchMap((admitted) => {
        admission = admitted;
        return this.router.streamComplete({ context: wireContext(ctx), model: request.model, body: rawBody });
      }),
      concatMap(toEvents),
      catchError((error: unknown) => {
        if (error instanceof GatewayFailure) return toEvents({ error: toWire(error) });
        this.logger.error({ err: error, requestId: ctx.requestId }, 'stream failed inside the gateway');
        return toEvents({ error: toWire(new GatewayFailure('internal', 'the stream failed inside the gateway')) });
      }),
      finalize(() => {
        // A stream cut short (client gone, upstream failure mid-way) is billed for what was sent.
        if (!outcome.usage && chunks.length > 0) outcome.usage = estimateStreamUsage(request, streamedText(chunks));
        this.completions.finish(ctx, outcome, admission);
      }),
    );
  }
}

/** The usage chunk OpenAI sends last when `stream_options.include_usage` is set. */
function usageChunk(firstRaw: Buffer | undefined, request: ChatRequest, usage: TokenUsage): string {
  const first = firstRaw ? (JSON.parse(firstRaw.toString('utf8')) as ChatCompletionChunk) : undefined;
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
