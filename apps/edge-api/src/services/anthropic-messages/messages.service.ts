import { Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { asFailure, GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatCompletionChunk, ChatRequest, fromOpenAiUsage } from '@gatehouse/providers-core';
import { concatMap, Observable } from 'rxjs';
import { CompletionsService } from '../completions.service';
import { RequestContext } from '../request-context';
import { StreamEvent, StreamService } from '../stream.service';
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
 * chat request (re-serialised, since its bytes differ from the client's), routed like any chat
 * completion with usage recorded as route `messages`, and the answer translated back.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly completions: CompletionsService,
    private readonly streams: StreamService,
  ) {}

  async create(ctx: RequestContext, request: MessagesRequest): Promise<AnthropicAnswer> {
    const chat = toChatRequest(request);
    const answer = await this.completions.chat(ctx, chat, serialise(chat), 'messages');
    const completion = JSON.parse(answer.body.toString('utf8')) as ChatCompletion;
    const message = fromChatCompletion(completion, request.model, fromOpenAiUsage(completion.usage));
    return { message, served: answer.served, headers: answer.headers };
  }

  stream(ctx: RequestContext, request: MessagesRequest): Observable<AnthropicFrame> {
    const chat = toChatRequest(request);
    const translator = new AnthropicEventTranslator(request.model);
    return this.streams
      .chat(ctx, chat, serialise(chat), 'messages')
      .pipe(concatMap((event) => framesOf(translator, event)));
  }
}

function serialise(chat: ChatRequest): Buffer {
  return Buffer.from(JSON.stringify(chat));
}

function framesOf(translator: AnthropicEventTranslator, event: StreamEvent): AnthropicFrame[] {
  try {
    switch (event.kind) {
      case 'start':
        return [event];
      case 'data': {
        const chunk = JSON.parse(event.data.toString()) as ChatCompletionChunk;
        return translator.push(chunk).map((e) => ({ kind: 'event', event: e }));
      }
      case 'end':
        return [...translator.finish().map((e): AnthropicFrame => ({ kind: 'event', event: e })), { kind: 'end' }];
      case 'error':
        return [event];
    }
  } catch (error) {
    return [{ kind: 'error', failure: asFailure(error) }];
  }
}
