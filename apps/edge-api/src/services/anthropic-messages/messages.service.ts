import { Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { asFailure, GatewayFailure } from '@gatehouse/errors';
import { CompletionPipeline, RequestContext, StreamEvent, StreamPipeline } from '@gatehouse/pipeline';
import { fromOpenAiUsage } from '@gatehouse/providers-core';
import { concatMap, Observable } from 'rxjs';
import { AnthropicMessage, AnthropicStreamEvent } from './anthropic.types';
import { MessagesRequest } from './anthropic-request.schema';
import { AnthropicEventTranslator } from './chunks-to-anthropic-events';
import { fromChatCompletion } from './fromChatCompletion';
import { toChatRequest } from './toChatRequest';

export interface AnthropicAnswer {
  message: AnthropicMessage;
  served?: common.Served;
  headers: Record<string, string>;
}

/** What the HTTP layer writes for an Anthropic stream: named events, then the end or an error. */
export type AnthropicFrame =
  | { kind: 'start'; served: common.Served; headers?: Record<string, string> }
  | { kind: 'event'; event: AnthropicStreamEvent }
  | { kind: 'end' }
  | { kind: 'error'; failure: GatewayFailure };

/**
 * Anthropic's /v1/messages on the ordinary chat path: the request is translated to the canonical
 * chat request, routed like any chat completion with usage recorded as route `messages`, and the
 * answer translated back. The client's body bytes bound the prompt for the budget reservation.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly completions: CompletionPipeline,
    private readonly streams: StreamPipeline,
  ) {}

  async create(ctx: RequestContext, request: MessagesRequest, bodyBytes: Buffer): Promise<AnthropicAnswer> {
    const answer = await this.completions.chat(ctx, toChatRequest(request), bodyBytes, 'messages');
    const completion = answer.body.object();
    const message = fromChatCompletion(completion, request.model, fromOpenAiUsage(completion.usage));
    return { message, served: answer.served, headers: answer.headers };
  }

  stream(ctx: RequestContext, request: MessagesRequest, bodyBytes: Buffer): Observable<AnthropicFrame> {
    const translator = new AnthropicEventTranslator(request.model);
    return this.streams
      .chat(ctx, toChatRequest(request), bodyBytes, 'messages')
      .pipe(concatMap((event) => framesOf(translator, event)));
  }
}

function framesOf(translator: AnthropicEventTranslator, event: StreamEvent): AnthropicFrame[] {
  try {
    switch (event.kind) {
      case 'start':
        return [event];
      case 'data':
        return translator.push(event.data.object()).map((e) => ({ kind: 'event', event: e }));
      case 'end':
        return [...translator.finish().map((e): AnthropicFrame => ({ kind: 'event', event: e })), { kind: 'end' }];
      case 'error':
        return [event];
    }
  } catch (error) {
    return [{ kind: 'error', failure: asFailure(error) }];
  }
}
