import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletionChunk, ChatMessage, StreamParser, StreamStep } from '@gatehouse/providers-core';
import { mapAnthropicStreamError } from './anthropic.errors';
import { JSON_TOOL_NAME } from './anthropic.json-mode';
import { toFinishReason } from './anthropic.response';
import { AnthropicErrorPayload, AnthropicUsageLike, RawMessageStreamEvent } from './anthropic.types';
import { fromAnthropicUsage, mergeUsage } from './anthropic.usage';

/** Every event the stream may carry (https://docs.anthropic.com/en/docs/build-with-claude/streaming). */
type StreamEvent = RawMessageStreamEvent | { type: 'ping' } | ({ type: 'error' } & AnthropicErrorPayload);

type BlockStart = Extract<RawMessageStreamEvent, { type: 'content_block_start' }>['content_block'];
type BlockDelta = Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>['delta'];

/** What a content block index turned into on the OpenAI side. */
type BlockKind = { kind: 'tool'; toolIndex: number } | { kind: 'json' } | { kind: 'other' };

/** OpenAI's chunk delta; a tool call arrives in pieces keyed by its index among the calls. */
interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}
type Delta = Omit<Partial<ChatMessage>, 'tool_calls'> & { tool_calls?: ToolCallDelta[] };

/**
 * Anthropic's typed events → OpenAI chunks, one parser per stream:
 * message_start → the role chunk; text_delta → content; tool_use start → a tool call's id and
 * name, input_json_delta → its argument fragments (indexed among tool calls, as OpenAI counts);
 * thinking_delta → reasoning_content, signature_delta → thinking_blocks (LiteLLM's fields, so a
 * client can hand thinking back); message_delta → the finish reason with usage; message_stop →
 * done; ping → nothing; error → the mapped failure. In JSON mode the forced tool's input
 * fragments are the content. Unknown events are skipped, as Anthropic's versioning asks.
 */
export function createAnthropicStreamParser(): StreamParser {
  let id = 'msg_unknown';
  let model = '';
  const created = Math.floor(Date.now() / 1000);
  const usage: AnthropicUsageLike = {};
  const blocks = new Map<number, BlockKind>();
  let toolCalls = 0;

  const chunk = (delta: Delta, finishReason: string | null = null): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta: delta as Partial<ChatMessage>, logprobs: null, finish_reason: finishReason }],
  });
  const emit = (delta: Delta | undefined): StreamStep => ({ chunks: delta ? [chunk(delta)] : [] });

  const start = (index: number, block: BlockStart): Delta | undefined => {
    switch (block.type) {
      case 'text':
        blocks.set(index, { kind: 'other' });
        return block.text ? { content: block.text } : undefined;
      case 'tool_use':
        if (block.name === JSON_TOOL_NAME) {
          blocks.set(index, { kind: 'json' });
          return undefined;
        }
        blocks.set(index, { kind: 'tool', toolIndex: toolCalls });
        return {
          tool_calls: [
            { index: toolCalls++, id: block.id, type: 'function', function: { name: block.name, arguments: '' } },
          ],
        };
      case 'thinking':
        blocks.set(index, { kind: 'other' });
        return block.thinking ? { reasoning_content: block.thinking } : undefined;
      case 'redacted_thinking':
        blocks.set(index, { kind: 'other' });
        return { thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] };
      case 'server_tool_use':
      case 'web_search_tool_result':
      case 'web_fetch_tool_result':
      case 'code_execution_tool_result':
      case 'bash_code_execution_tool_result':
      case 'text_editor_code_execution_tool_result':
      case 'tool_search_tool_result':
      case 'container_upload':
        // Server tools have no OpenAI form, and the gateway never offers them.
        blocks.set(index, { kind: 'other' });
        return undefined;
    }
  };

  const delta = (index: number, piece: BlockDelta): Delta | undefined => {
    switch (piece.type) {
      case 'text_delta':
        return { content: piece.text };
      case 'input_json_delta': {
        const block = blocks.get(index);
        if (!piece.partial_json || !block) return undefined;
        if (block.kind === 'json') return { content: piece.partial_json };
        if (block.kind !== 'tool') return undefined;
        return { tool_calls: [{ index: block.toolIndex, function: { arguments: piece.partial_json } }] };
      }
      case 'thinking_delta':
        return { reasoning_content: piece.thinking };
      case 'signature_delta':
        return { thinking_blocks: [{ type: 'thinking', thinking: '', signature: piece.signature }] };
      case 'citations_delta':
        // OpenAI's chunks have no place for citations.
        return undefined;
    }
  };

  return {
    push(data: string): StreamStep {
      const event = parseEvent(data);
      switch (event.type) {
        case 'message_start':
          id = event.message.id ?? id;
          model = event.message.model ?? model;
          mergeUsage(usage, event.message.usage);
          return emit({ role: 'assistant', content: '' });
        case 'content_block_start':
          return emit(start(event.index, event.content_block));
        case 'content_block_delta':
          return emit(delta(event.index, event.delta));
        case 'content_block_stop':
        case 'ping':
          return { chunks: [] };
        case 'message_delta': {
          mergeUsage(usage, event.usage);
          const finish = toFinishReason(event.delta?.stop_reason, toolCalls > 0);
          return { chunks: finish === null ? [] : [chunk({}, finish)], usage: fromAnthropicUsage(usage) };
        }
        case 'message_stop':
          return { chunks: [], usage: fromAnthropicUsage(usage), done: true };
        case 'error':
          throw mapAnthropicStreamError(event);
        default:
          return { chunks: [] };
      }
    },
  };
}

function parseEvent(data: string): StreamEvent {
  try {
    const event = JSON.parse(data) as StreamEvent;
    if (typeof event === 'object' && event !== null && typeof event.type === 'string') return event;
  } catch {
    // Falls through to the failure below.
  }
  throw new GatewayFailure('upstream', 'upstream sent a stream event that is not Anthropic JSON');
}
