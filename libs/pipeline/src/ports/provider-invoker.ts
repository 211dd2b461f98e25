import { common } from '@gatehouse/contracts';
import {
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  TokenUsage,
} from '@gatehouse/providers-core';
import { Observable } from 'rxjs';
import { Payload } from '../payload';

/** One call to one deployment, chosen by the pipeline; its credentials stay with the invoker. */
export interface InvokeCall<R> {
  context: common.RequestContext;
  deploymentId: string;
  request: R;
}

export interface Invoked<T> {
  body: Payload<T>;
  usage: TokenUsage;
}

/** A stream is any number of chunks, then exactly one usage; a failure is the observable's error. */
export type StreamPiece = { chunk: Payload<ChatCompletionChunk> } | { usage: TokenUsage };

/**
 * Calls a deployment through its provider's adapter and answers in canonical (OpenAI) form.
 * Failures are GatewayFailures (rejections, or the stream's error). Unsubscribing from a stream
 * cancels the upstream call.
 */
export abstract class ProviderInvoker {
  abstract chat(call: InvokeCall<ChatRequest>): Promise<Invoked<ChatCompletion>>;
  abstract chatStream(call: InvokeCall<ChatRequest>): Observable<StreamPiece>;
  abstract embed(call: InvokeCall<EmbeddingRequest>): Promise<Invoked<EmbeddingResponse>>;
}
