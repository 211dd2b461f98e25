import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatMessage, TokenUsage, toOpenAiUsage, ToolCall } from '@gatehouse/providers-core';
import { toToolCallId } from './gemini.tool-ids';
import { GeminiCandidate, GeminiGenerateResponse, GeminiPart, GeminiUsageMetadata } from './gemini.types';

/** https://ai.google.dev/api/generate-content#FinishReason — every value onto OpenAI's four. */
const FINISH_REASONS: Record<string, string> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  LANGUAGE: 'stop',
  OTHER: 'stop',
  FINISH_REASON_UNSPECIFIED: 'stop',
  MALFORMED_FUNCTION_CALL: 'stop',
  UNEXPECTED_TOOL_CALL: 'stop',
  TOO_MANY_TOOL_CALLS: 'stop',
  NO_IMAGE: 'stop',
};

/** A finished candidate that called functions ends with `tool_calls`, as OpenAI's would. */
export function fromGeminiFinishReason(reason: string, calledTools: boolean): string {
  const mapped = FINISH_REASONS[reason] ?? 'stop';
  return mapped === 'stop' && calledTools ? 'tool_calls' : mapped;
}

/** Thinking tokens are billed as output, so they count inside completion tokens as OpenAI does. */
export function fromGeminiUsage(metadata: GeminiUsageMetadata | undefined): TokenUsage {
  const prompt = (metadata?.promptTokenCount ?? 0) + (metadata?.toolUsePromptTokenCount ?? 0);
  const reasoning = metadata?.thoughtsTokenCount ?? 0;
  const completion = (metadata?.candidatesTokenCount ?? 0) + reasoning;
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: metadata?.totalTokenCount ?? prompt + completion,
    cachedPromptTokens: metadata?.cachedContentTokenCount ?? 0,
    reasoningTokens: reasoning,
  };
}

/** A prompt Gemini refused outright comes back as 200 with no candidates and a block reason. */
export function assertNotBlocked(response: GeminiGenerateResponse): void {
  const reason = response.promptFeedback?.blockReason;
  if (reason && !response.candidates?.length) {
    throw new GatewayFailure('content_policy', `the prompt was blocked by the provider (${reason})`, {
      code: 'content_policy_violation',
      upstreamStatus: 200,
    });
  }
}

export interface CandidateParts {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
}

/** Splits a candidate's parts into answer text, thinking text and tool calls (ids from `nextId`). */
export function fromGeminiParts(
  parts: GeminiPart[] | undefined,
  nextId: (signature?: string) => string,
): CandidateParts {
  const out: CandidateParts = { text: '', reasoning: '', toolCalls: [] };
  for (const part of parts ?? []) {
    if (part.functionCall) {
      out.toolCalls.push({
        id: part.functionCall.id ?? nextId(part.thoughtSignature),
        type: 'function',
        function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
      });
    } else if (typeof part.text === 'string') {
      if (part.thought) out.reasoning += part.text;
      else out.text += part.text;
    }
  }
  return out;
}

function fromGeminiCandidate(candidate: GeminiCandidate, position: number, responseKey: string) {
  let calls = 0;
  const index = candidate.index ?? position;
  const parts = fromGeminiParts(candidate.content?.parts, (signature) =>
    toToolCallId(responseKey, index * 100 + calls++, signature),
  );
  const message: ChatMessage = {
    role: 'assistant',
    content: parts.toolCalls.length && !parts.text ? null : parts.text,
  };
  if (parts.reasoning) message.reasoning_content = parts.reasoning;
  if (parts.toolCalls.length) message.tool_calls = parts.toolCalls;
  const finishReason = fromGeminiFinishReason(candidate.finishReason ?? 'STOP', parts.toolCalls.length > 0);
  return { index, message, finish_reason: finishReason };
}

export function fromGeminiResponse(
  response: GeminiGenerateResponse,
  fallback: { id: string; key: string; created: number },
): { completion: ChatCompletion; usage: TokenUsage } {
  assertNotBlocked(response);
  const responseKey = response.responseId ?? fallback.key;
  const usage = fromGeminiUsage(response.usageMetadata);
  const completion: ChatCompletion = {
    id: response.responseId ? `chatcmpl-${response.responseId}` : fallback.id,
    object: 'chat.completion',
    created: fallback.created,
    model: response.modelVersion ?? 'gemini',
    choices: (response.candidates ?? []).map((candidate, i) => fromGeminiCandidate(candidate, i, responseKey)),
    usage: toOpenAiUsage(usage),
  };
  return { completion, usage };
}
