import { ChatCompletionChunk, ChatMessage, StreamParser, StreamStep } from '@gatehouse/providers-core';
import { mapGeminiError } from './gemini.errors';
import { assertNotBlocked, fromGeminiFinishReason, fromGeminiParts, fromGeminiUsage } from './gemini.response';
import { toToolCallId } from './gemini.tool-ids';
import { GeminiCandidate, GeminiErrorPayload, GeminiGenerateResponse } from './gemini.types';

interface CandidateState {
  started: boolean;
  toolCalls: number;
}

interface StreamIdentity {
  id: string;
  key: string;
  created: number;
}

/**
 * `streamGenerateContent?alt=sse` sends whole GenerateContentResponse objects, each holding the
 * next piece of every candidate, with usage so far; the stream simply ends (no `[DONE]`). Function
 * calls arrive whole, so each becomes one OpenAI tool-call delta carrying its full arguments.
 */
export function createGeminiStreamParser(identity: StreamIdentity): StreamParser {
  const candidates = new Map<number, CandidateState>();
  let model = 'gemini';

  const stateOf = (index: number): CandidateState => {
    let state = candidates.get(index);
    if (!state) candidates.set(index, (state = { started: false, toolCalls: 0 }));
    return state;
  };
  const chunk = (index: number, delta: Partial<ChatMessage>, finishReason: string | null): ChatCompletionChunk => ({
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model,
    choices: [{ index, delta, finish_reason: finishReason }],
  });

  const fromCandidate = (candidate: GeminiCandidate, order: number): ChatCompletionChunk[] => {
    const index = candidate.index ?? order;
    const state = stateOf(index);
    let position = state.toolCalls;
    const parts = fromGeminiParts(candidate.content?.parts, (signature) =>
      toToolCallId(identity.key, index * 100 + position++, signature),
    );
    const delta: Partial<ChatMessage> = state.started ? {} : { role: 'assistant' };
    if (parts.text) delta.content = parts.text;
    if (parts.reasoning) delta.reasoning_content = parts.reasoning;
    if (parts.toolCalls.length) {
      delta.tool_calls = parts.toolCalls.map((call) => ({ index: state.toolCalls++, ...call }));
    }
    const out: ChatCompletionChunk[] = [];
    if (Object.keys(delta).length > 0) out.push(chunk(index, delta, null));
    state.started = true;
    if (candidate.finishReason) {
      out.push(chunk(index, {}, fromGeminiFinishReason(candidate.finishReason, state.toolCalls > 0)));
    }
    return out;
  };

  return {
    push(data: string): StreamStep {
      const event = JSON.parse(data) as GeminiGenerateResponse & GeminiErrorPayload;
      // An error after the stream opened arrives as one event with Google's error body.
      if (event.error) {
        const status = typeof event.error.code === 'number' ? event.error.code : 500;
        throw mapGeminiError({ status, headers: {}, body: event });
      }
      assertNotBlocked(event);
      if (event.modelVersion) model = event.modelVersion;
      const chunks = (event.candidates ?? []).flatMap(fromCandidate);
      return event.usageMetadata ? { chunks, usage: fromGeminiUsage(event.usageMetadata) } : { chunks };
    },
  };
}
