import type { ChatCompletionChunk, ChatMessage, StreamStep } from '@gatehouse/providers-core';
import { fromConverseUsage, ResponseContext, toFinishReason } from './bedrock.adapter';
import { fromConverseStreamException } from './bedrock.errors';
import type { ConverseStreamOutput } from './bedrock.types';

export interface ConverseStreamTranslator {
  /** One ConverseStream event in, the canonical chunks (and usage, at the end) out. */
  push(event: ConverseStreamOutput): StreamStep;
}

/**
 * ConverseStream events → OpenAI chunks. Bedrock numbers content blocks across text and tool use;
 * OpenAI numbers tool calls alone, so the translator keeps that mapping for the one stream.
 */
export function createConverseStreamTranslator(context: ResponseContext): ConverseStreamTranslator {
  const toolIndexByBlock = new Map<number, number>();
  const chunk = (delta: Partial<ChatMessage>, finishReason: string | null = null): ChatCompletionChunk => ({
    id: context.id,
    object: 'chat.completion.chunk',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  const step = (delta: Partial<ChatMessage>): StreamStep => ({ chunks: [chunk(delta)] });

  return {
    push(event: ConverseStreamOutput): StreamStep {
      const failure = fromConverseStreamException(event);
      if (failure) throw failure;
      if (event.messageStart) return step({ role: 'assistant', content: '' });
      if (event.contentBlockStart?.start?.toolUse) {
        const blockIndex = event.contentBlockStart.contentBlockIndex ?? 0;
        const index = toolIndexByBlock.size;
        toolIndexByBlock.set(blockIndex, index);
        const { toolUseId, name } = event.contentBlockStart.start.toolUse;
        return step(toolCallDelta({ index, id: toolUseId, type: 'function', function: { name, arguments: '' } }));
      }
      if (event.contentBlockDelta) return fromBlockDelta(event.contentBlockDelta, toolIndexByBlock, step);
      if (event.messageStop) return { chunks: [chunk({}, toFinishReason(event.messageStop.stopReason))] };
      if (event.metadata) {
        // Usage travels beside the chunks; edge-api adds the usage chunk for clients that asked for it.
        return { chunks: [], usage: fromConverseUsage(event.metadata.usage), done: true };
      }
      return { chunks: [] };
    },
  };
}

function fromBlockDelta(
  event: NonNullable<ConverseStreamOutput['contentBlockDelta']>,
  toolIndexByBlock: ReadonlyMap<number, number>,
  step: (delta: Partial<ChatMessage>) => StreamStep,
): StreamStep {
  const delta = event.delta;
  if (delta?.text !== undefined) return step({ content: delta.text });
  if (delta?.toolUse) {
    const index = toolIndexByBlock.get(event.contentBlockIndex ?? 0) ?? 0;
    return step(toolCallDelta({ index, function: { arguments: delta.toolUse.input ?? '' } }));
  }
  if (delta?.reasoningContent?.text !== undefined) return step({ reasoning_content: delta.reasoningContent.text });
  return { chunks: [] };
}

interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

// A streamed tool call is a partial ToolCall plus its index, which the canonical message type does not model.
function toolCallDelta(delta: ToolCallDelta): Partial<ChatMessage> {
  return { tool_calls: [delta] } as unknown as Partial<ChatMessage>;
}
