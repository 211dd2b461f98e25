import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatMessage, NO_USAGE, TokenUsage } from '@gatehouse/providers-core';
import { CohereChatResponse, CohereUsage } from './cohere.types';

/**
 * Cohere's finish reasons as OpenAI's. ERROR and TIMEOUT are failures, not endings: they are
 * thrown so the client gets an error rather than a truncated answer that looks complete.
 */
export function fromCohereFinishReason(reason: string | undefined, error?: string): string {
  switch (reason) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
    case 'ERROR_LIMIT':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR_TOXIC':
      return 'content_filter';
    case 'ERROR':
      throw new GatewayFailure('upstream', `upstream generation failed${error ? `: ${error}` : ''}`, {
        upstreamStatus: 200,
      });
    case 'TIMEOUT':
      throw new GatewayFailure('timeout', 'upstream generation timed out', { upstreamStatus: 200 });
    case undefined:
    default:
      // A reason newer than this translation: the message did end, so say it stopped.
      return 'stop';
  }
}

/**
 * Usage from `billed_units`, which is what Cohere charges for (it leaves out the tokens of its own
 * prompt template); `tokens` only when a response carries no billed units.
 */
export function fromCohereUsage(usage: CohereUsage | undefined): TokenUsage {
  const counted = usage?.billed_units ?? usage?.tokens;
  if (!counted) return NO_USAGE;
  const promptTokens = Math.round(counted.input_tokens ?? 0);
  const completionTokens = Math.round(counted.output_tokens ?? 0);
  return { ...NO_USAGE, promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

function fromCohereMessage(message: CohereChatResponse['message']): ChatMessage {
  const parts = message.content ?? [];
  const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  const thinking = parts.map((part) => (part.type === 'thinking' ? part.thinking : '')).join('');
  const calls = message.tool_calls ?? [];
  const out: ChatMessage = { role: 'assistant', content: text || (calls.length > 0 ? null : '') };
  // Thinking, and the plan Cohere writes before calling tools, are both the model's reasoning.
  const reasoning = [thinking, message.tool_plan ?? ''].filter(Boolean).join('\n');
  if (reasoning) out.reasoning_content = reasoning;
  if (calls.length > 0) {
    out.tool_calls = calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments || '{}' },
    }));
  }
  return out;
}

/**
 * A Cohere chat response as an OpenAI completion. Cohere does not name the model in its answer,
 * so `model` is the one the caller passes (the deployment's provider model).
 */
export function fromCohereChatResponse(
  response: CohereChatResponse,
  model: string,
): { completion: ChatCompletion; usage: TokenUsage } {
  if (typeof response !== 'object' || response === null || typeof response.message !== 'object') {
    throw new GatewayFailure('upstream', 'upstream chat response is not Cohere JSON', { upstreamStatus: 200 });
  }
  const finishReason = fromCohereFinishReason(response.finish_reason);
  const usage = fromCohereUsage(response.usage);
  const completion: ChatCompletion = {
    id: response.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: fromCohereMessage(response.message), finish_reason: finishReason }],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.totalTokens,
    },
  };
  return { completion, usage };
}
