import { Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { CompletionPipeline, Payload, RequestContext, StreamEvent, StreamPipeline } from '@gatehouse/pipeline';
import { ChatCompletionChunk } from '@gatehouse/providers-core';
import { concatMap, Observable } from 'rxjs';
import { CompletionRequest } from './completion-request.schema';
import { fromChatChunk, fromChatCompletions, TextCompletion } from './fromChatCompletion';
import { promptsOf, toChatRequest } from './toChatRequest';

export interface TextAnswer {
  body: TextCompletion;
  served?: common.Served;
  headers: Record<string, string>;
}

/**
 * The legacy /v1/completions on the chat path: each prompt becomes a chat call with one user
 * message (usage route `completions`), and the answers are folded back into `text_completion`.
 */
@Injectable()
export class LegacyCompletionsService {
  constructor(
    private readonly completions: CompletionPipeline,
    private readonly streams: StreamPipeline,
  ) {}

  async create(ctx: RequestContext, request: CompletionRequest, bodyBytes: Buffer): Promise<TextAnswer> {
    const prompts = promptsOf(request);
    const answers = await Promise.all(
      prompts.map((prompt, i) => {
        const chat = toChatRequest(request, prompt);
        return this.completions.chat(contextFor(ctx, i, prompts.length), chat, bodyBytes, 'completions');
      }),
    );
    const completions = answers.map((answer) => answer.body.object());
    return {
      body: fromChatCompletions(completions, request.n ?? 1),
      served: answers[0].served,
      headers: answers[0].headers,
    };
  }

  stream(ctx: RequestContext, request: CompletionRequest, bodyBytes: Buffer): Observable<StreamEvent<TextCompletion>> {
    const [prompt] = promptsOf(request);
    const chat = toChatRequest(request, prompt);
    return this.streams.chat(ctx, chat, bodyBytes, 'completions').pipe(concatMap(toTextEvents));
  }
}

/**
 * Several prompts are several upstream calls, each billed as its own usage event; the ledger keys
 * events by request id, so each gets `<request id>.<prompt index>`.
 */
function contextFor(ctx: RequestContext, index: number, count: number): RequestContext {
  return count === 1 ? ctx : { ...ctx, requestId: `${ctx.requestId}.${index}` };
}

function toTextEvents(event: StreamEvent<ChatCompletionChunk>): StreamEvent<TextCompletion>[] {
  if (event.kind !== 'data') return [event];
  const chunk = fromChatChunk(event.data.object());
  return chunk ? [{ kind: 'data', data: Payload.of(chunk) }] : [];
}
