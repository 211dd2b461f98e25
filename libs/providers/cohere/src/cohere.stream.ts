import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletionChunk, ChatMessage, StreamParser, StreamStep } from '@gatehouse/providers-core';
import { fromCohereFinishReason, fromCohereUsage } from './cohere.response';
import { CohereStreamEvent } from './cohere.types';

type Delta = Partial<ChatMessage>;

/** OpenAI's streamed tool call: an `index`, and only the fields that piece carries. */
interface DeltaToolCall {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

// The canonical delta type reuses the whole-message ToolCall; streamed pieces are partial by design.
function toolCallsDelta(calls: DeltaToolCall[]): Delta {
  return { tool_calls: calls as unknown as ChatMessage['tool_calls'] };
}

interface StreamState {
  id: string;
  created: number;
  model: string;
  /** Cohere's tool-call `index` → OpenAI's `tool_calls[].index` (0, 1, … in order of appearance). */
  toolIndex: Map<number, number>;
}

function parseEvent(data: string): CohereStreamEvent {
  try {
    const event = JSON.parse(data) as CohereStreamEvent;
    if (typeof event === 'object' && event !== null && typeof event.type === 'string') return event;
  } catch {
    // fall through to the failure below
  }
  throw new GatewayFailure('upstream', 'upstream sent a stream event that is not Cohere JSON', { upstreamStatus: 200 });
}

function chunk(state: StreamState, delta: Delta, finishReason: string | null = null): ChatCompletionChunk {
  return {
    id: state.id,
    object: 'chat.completion.chunk',
    created: state.created,
    model: state.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function contentDelta(event: CohereStreamEvent): Delta | undefined {
  const content = event.delta?.message?.content;
  if (typeof content?.thinking === 'string' && content.thinking) return { reasoning_content: content.thinking };
  if (typeof content?.text === 'string' && content.text) return { content: content.text };
  return undefined;
}

function toolCallStart(state: StreamState, event: CohereStreamEvent): Delta {
  const call = event.delta?.message?.tool_calls;
  const index = state.toolIndex.size;
  state.toolIndex.set(event.index ?? index, index);
  return toolCallsDelta([
    {
      index,
      id: call?.id ?? `call_${state.id}_${index}`,
      type: 'function',
      function: { name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' },
    },
  ]);
}

function toolCallDelta(state: StreamState, event: CohereStreamEvent): Delta | undefined {
  const fragment = event.delta?.message?.tool_calls?.function?.arguments;
  if (!fragment) return undefined;
  const index = state.toolIndex.get(event.index ?? -1) ?? state.toolIndex.size - 1;
  return toolCallsDelta([{ index, function: { arguments: fragment } }]);
}

function messageEnd(state: StreamState, event: CohereStreamEvent): StreamStep {
  const finish = fromCohereFinishReason(event.delta?.finish_reason, event.delta?.error);
  return { chunks: [chunk(state, {}, finish)], usage: fromCohereUsage(event.delta?.usage), done: true };
}

/**
 * Cohere v2 stream events as OpenAI chunks. The first chunk carries the role; text and thinking
 * become `content` and `reasoning_content` deltas (the tool plan counts as reasoning); tool calls
 * become `tool_calls` deltas; `message-end` carries the finish reason and the usage, and ends it.
 * Citation and debug events carry nothing OpenAI has a place for and are skipped.
 */
export function createCohereStreamParser(model: string): StreamParser {
  const state: StreamState = { id: '', created: Math.floor(Date.now() / 1000), model, toolIndex: new Map() };
  const step = (delta: Delta | undefined): StreamStep => ({ chunks: delta ? [chunk(state, delta)] : [] });
  return {
    push(data: string): StreamStep {
      const event = parseEvent(data);
      switch (event.type) {
        case 'message-start':
          state.id = event.id ?? state.id;
          return step({ role: 'assistant', content: '' });
        case 'content-start':
        case 'content-delta':
          return step(contentDelta(event));
        case 'tool-plan-delta': {
          const plan = event.delta?.message?.tool_plan;
          return step(plan ? { reasoning_content: plan } : undefined);
        }
        case 'tool-call-start':
          return step(toolCallStart(state, event));
        case 'tool-call-delta':
          return step(toolCallDelta(state, event));
        case 'message-end':
          return messageEnd(state, event);
        default:
          return { chunks: [] };
      }
    },
  };
}
