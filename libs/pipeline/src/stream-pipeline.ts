import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { Logger } from '@gatehouse/logging';
import { ChatCompletionChunk, ChatRequest, toOpenAiUsage, TokenUsage } from '@gatehouse/providers-core';
import {
  catchError,
  concat,
  concatMap,
  defer,
  finalize,
  from,
  Observable,
  ObservableInput,
  of,
  switchMap,
  throwError,
  timer,
} from 'rxjs';
import { CompletionPipeline, PipelineStages } from './completion-pipeline';
import { splitGatewayFields } from './gateway-fields';
import { Payload } from './payload';
import { StreamPiece } from './ports/provider-invoker';
import { RequestContext } from './request-context';
import { requestFor } from './resilience/attempt-request';
import { NextAttempt } from './resilience/attempts';
import { countedStream } from './routing/counted-stream';
import { CACHE_SERVED, invokeContext, servedBy } from './served';
import { Admission } from './stages/admission';
import { CachePlan } from './stages/response-cache';
import { StreamGuard } from './stages/stream-guard';
import { streamedText } from './stages/streamed-text';
import { countChatPromptTokens, estimateStreamUsage } from './stages/token-counter';
import { upstreamRefusal } from './stages/upstream-refusal';
import { CallOutcome } from './stages/usage-recorder';

/** What a stream says, in order: which deployment serves, its chunks, then an end or a failure. */
export type StreamEvent<C = ChatCompletionChunk> =
  | { kind: 'start'; served: common.Served; headers?: Record<string, string> }
  | { kind: 'data'; data: Payload<C> }
  | { kind: 'end' }
  | { kind: 'error'; failure: GatewayFailure };

/**
 * Streaming chat: guards the request, relays chunks as they come, guards what was written when the
 * provider is done (a finding ends the stream with an error instead of its end), and accounts for
 * the stream however it ends. A deployment that fails before its first chunk is retried or fallen
 * back from like a non-streaming call; once a chunk has gone out, a failure ends the stream, since
 * starting over would send the client a second answer.
 */
export class StreamPipeline {
  constructor(
    private readonly stages: PipelineStages,
    private readonly completions: CompletionPipeline,
    private readonly logger: Logger,
    /** during_call windows on streamed answers: `gatehouse.guardrails.stream_window_chars`. */
    private readonly windowChars: number,
  ) {}

  /** Throws at once for a model the caller may not use, so that refusal is an ordinary JSON error. */
  chat(
    ctx: RequestContext,
    given: ChatRequest,
    bodyBytes: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Observable<StreamEvent> {
    const { request, fields } = splitGatewayFields(given);
    const outcome: CallOutcome = { route, model: request.model, stream: true, disconnected: true };
    const context = invokeContext(ctx);
    const attempts = this.completions.attemptsFor(ctx, outcome, fields, () => countChatPromptTokens(request.messages));
    const first = attempts.first();
    const guard = this.completions.guardPlanFor(ctx, outcome, context, fields);
    const streamGuard = guard?.checksOutput ? StreamGuard.for(guard, this.windowChars) : undefined;
    const wantsUsage = request.stream_options?.include_usage === true;
    // Kept (unparsed when they came as text) so a stream that ends without usage can still be counted.
    const chunks: Payload<ChatCompletionChunk>[] = [];
    let admission: Admission | undefined;
    let cachePlan: CachePlan | undefined;
    let sent: ChatRequest = request;
    let alongside: Promise<void> | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      // A stream cut short (client gone, upstream failure mid-way) is billed for what was sent.
      if (!outcome.usage && chunks.length > 0) outcome.usage = estimateStreamUsage(request, streamedText(chunks));
      this.completions.finish(ctx, outcome, admission);
    };

    const received = (chunk: Payload<ChatCompletionChunk>) => {
      if (outcome.firstTokenAt === undefined) outcome.firstTokenAt = performance.now();
      chunks.push(chunk);
    };
    const ended = (usage: TokenUsage): StreamEvent[] => {
      outcome.usage = usage;
      outcome.disconnected = false;
      // Recorded before the client hears the end: a stream that got its end is never lost to a crash.
      finish();
      if (cachePlan) this.stages.cache!.write(cachePlan, () => storedStream(usage, chunks));
      const end: StreamEvent = { kind: 'end' };
      return wantsUsage ? [{ kind: 'data', data: usageChunk(chunks[0], request, usage) }, end] : [end];
    };
    const toEvents = (piece: StreamPiece): StreamEvent[] => {
      if (!('chunk' in piece)) return ended(piece.usage);
      received(piece.chunk);
      return [{ kind: 'data', data: piece.chunk }];
    };
    // With guardrails on the answer, or one still checking the request, chunks wait for their verdict.
    const guardedEvents = async (piece: StreamPiece): Promise<StreamEvent[]> => {
      if (alongside) {
        const pending = alongside;
        alongside = undefined;
        await pending;
      }
      if (!streamGuard) return toEvents(piece);
      if ('chunk' in piece) {
        received(piece.chunk);
        return dataEvents(await streamGuard.add(piece.chunk));
      }
      // Billed whatever the guardrails say: the provider has written it.
      outcome.usage = piece.usage;
      const released = await streamGuard.end();
      return [...dataEvents(released), ...ended(piece.usage)];
    };
    const failed = (failure: GatewayFailure): StreamEvent[] => {
      outcome.failure = failure;
      outcome.disconnected = false;
      return [{ kind: 'error', failure }];
    };
    const onPiece = (piece: StreamPiece): ObservableInput<StreamEvent> =>
      alongside || streamGuard ? from(guardedEvents(piece)).pipe(concatMap((events) => events)) : toEvents(piece);

    const reservation = () => this.stages.reservations.forChat(requestFor(request, first), bodyBytes, first.deployment);
    const admitAndGuard = async () => {
      admission = await this.stages.admission.admit(ctx, first.model, reservation);
      if (guard) {
        sent = await guard.guardRequest(request);
        alongside = guard.checkAlongside(sent);
      }
      return admission;
    };
    // One try: its pieces, or (before its first chunk) the next try's, after the wait it asks for.
    const { stats } = this.stages.router;
    const attempt = (next: NextAttempt): Observable<StreamPiece> => {
      const { deployment } = next;
      outcome.served = servedBy(deployment, attempts.count);
      outcome.deployment = deployment;
      const startedAt = performance.now();
      const invoked = this.stages.invoker.chatStream({
        context,
        deploymentId: deployment.id,
        request: requestFor(sent, next),
      });
      return (stats ? countedStream(invoked, stats, deployment.id) : invoked).pipe(
        catchError((error: unknown) => {
          const failure = upstreamRefusal(error, deployment);
          // Once the client has a chunk, this stream is the answer: it ends here.
          if (chunks.length > 0 || !(failure instanceof GatewayFailure)) return throwError(() => failure);
          const following = attempts.next(deployment, failure, performance.now() - startedAt);
          outcome.failedAttempts = attempts.failed;
          if (!following) return throwError(() => failure);
          return following.waitMs > 0
            ? timer(following.waitMs).pipe(switchMap(() => attempt(following)))
            : attempt(following);
        }),
      );
    };
    return defer(admitAndGuard).pipe(
      switchMap((admitted) => {
        let announced = false;
        // The client hears which deployment serves once one has answered, so retries stay invisible.
        const withStart = (piece: StreamPiece): ObservableInput<StreamEvent> => {
          if (announced) return onPiece(piece);
          announced = true;
          const start: StreamEvent = { kind: 'start', served: outcome.served!, headers: admitted.headers };
          return concat(of(start), from(onPiece(piece)));
        };
        // A replayed stream would pass by the answer's guardrails, and a stored one would hold unmasked text.
        cachePlan = streamGuard ? undefined : this.completions.cachePlanFor(ctx, outcome, first, request, fields);
        if (!cachePlan) return attempt(first).pipe(concatMap(withStart));
        const plan = cachePlan;
        return from(this.stages.cache!.read(plan, context)).pipe(
          switchMap((cached) => {
            outcome.cacheLookup = plan.semantic?.lookup;
            if (!cached) return attempt(first).pipe(concatMap(withStart));
            // Costs nothing (but a semantic lookup's embedding) and counts no tokens: paid for when first streamed.
            outcome.served = CACHE_SERVED;
            outcome.disconnected = false;
            cachePlan = undefined;
            finish();
            return replayed(cached, admitted.headers, wantsUsage ? request : undefined);
          }),
        );
      }),
      catchError((error: unknown) => {
        if (error instanceof GatewayFailure) return failed(error);
        this.logger.error({ err: error, requestId: ctx.requestId }, 'stream failed inside the gateway');
        return failed(new GatewayFailure('internal', 'the stream failed inside the gateway'));
      }),
      finalize(finish),
    );
  }
}

function dataEvents(chunks: readonly Payload<ChatCompletionChunk>[]): StreamEvent[] {
  return chunks.map((data) => ({ kind: 'data', data }));
}

/** A streamed answer as the cache keeps it: its usage, then each chunk, one JSON text per line. */
function storedStream(usage: TokenUsage, chunks: readonly Payload<ChatCompletionChunk>[]): string {
  return [JSON.stringify(usage), ...chunks.map((chunk) => chunk.text())].join('\n');
}

/** A cached stream told again: the same chunks, the usage chunk if asked for, then the end. */
function replayed(stored: Buffer, headers: Record<string, string>, usageFor: ChatRequest | undefined): StreamEvent[] {
  const [usageLine, ...lines] = stored.toString().split('\n');
  const chunks = lines.map((line) => Payload.fromJson<ChatCompletionChunk>(line));
  const events: StreamEvent[] = [{ kind: 'start', served: CACHE_SERVED, headers }];
  for (const data of chunks) events.push({ kind: 'data', data });
  if (usageFor)
    events.push({ kind: 'data', data: usageChunk(chunks[0], usageFor, JSON.parse(usageLine) as TokenUsage) });
  events.push({ kind: 'end' });
  return events;
}

/** The usage chunk OpenAI sends last when `stream_options.include_usage` is set. */
function usageChunk(
  first: Payload<ChatCompletionChunk> | undefined,
  request: ChatRequest,
  usage: TokenUsage,
): Payload<ChatCompletionChunk> {
  const head = first?.object();
  return Payload.of({
    id: head?.id ?? 'chatcmpl-gatehouse',
    object: 'chat.completion.chunk',
    created: head?.created ?? Math.floor(Date.now() / 1000),
    model: head?.model ?? request.model,
    choices: [],
    usage: toOpenAiUsage(usage),
  });
}
