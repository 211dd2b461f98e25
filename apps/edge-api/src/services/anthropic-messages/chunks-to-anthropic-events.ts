import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletionChunk, fromOpenAiUsage, NO_USAGE, TokenUsage, ToolCall } from '@gatehouse/providers-core';
import { AnthropicStreamEvent } from './anthropic.types';
import { anthropicUsage, messageIdFrom, stopReasonOf } from './fromChatCompletion';

type ToolCallDelta = Partial<Omit<ToolCall, 'function'>> & { index?: number; function?: Partial<ToolCall['function']> };

type OpenBlock = { kind: 'text'; index: number } | { kind: 'tool'; index: number; call: number };

/**
 * Turns canonical chat chunks into Anthropic's stream grammar: message_start, then per block
 * content_block_start / content_block_delta… / content_block_stop, then message_delta (stop reason
 * and usage) and message_stop. Anthropic blocks never interleave, so a new block closes the last.
 * One translator per stream; only the first choice is read (Anthropic has no `n`).
 */
export class AnthropicEventTranslator {
  private started = false;
  private open: OpenBlock | undefined;
  private nextIndex = 0;
  private readonly seenCalls = new Set<number>();
  private finishReason: string | null = null;
  private usage: TokenUsage = NO_USAGE;

  constructor(private readonly model: string) {}

  push(chunk: ChatCompletionChunk): AnthropicStreamEvent[] {
    const events = this.start(chunk.id);
    if (chunk.usage) this.usage = fromOpenAiUsage(chunk.usage);
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return events;
    const { content, tool_calls: toolCalls } = choice.delta as { content?: unknown; tool_calls?: ToolCallDelta[] };
    if (typeof content === 'string' && content !== '') events.push(...this.text(content));
    for (const call of toolCalls ?? []) events.push(...this.toolCall(call));
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return events;
  }

  /** The tail once the stream ended well: close the open block, then the message. */
  finish(): AnthropicStreamEvent[] {
    return [
      ...this.start(undefined),
      ...this.close(),
      {
        type: 'message_delta',
        delta: { stop_reason: stopReasonOf(this.finishReason), stop_sequence: null },
        usage: anthropicUsage(this.usage),
      },
      { type: 'message_stop' },
    ];
  }

  private start(completionId: string | undefined): AnthropicStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    const message = {
      id: messageIdFrom(completionId),
      type: 'message' as const,
      role: 'assistant' as const,
      content: [],
      model: this.model,
      stop_reason: null,
      stop_sequence: null,
      usage: anthropicUsage(NO_USAGE),
    };
    return [{ type: 'message_start', message }];
  }

  private text(text: string): AnthropicStreamEvent[] {
    const events: AnthropicStreamEvent[] = [];
    if (this.open?.kind !== 'text') {
      events.push(...this.close());
      const index = this.nextIndex++;
      this.open = { kind: 'text', index };
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    }
    events.push({ type: 'content_block_delta', index: this.open.index, delta: { type: 'text_delta', text } });
    return events;
  }

  private toolCall(call: ToolCallDelta): AnthropicStreamEvent[] {
    const position = call.index ?? 0;
    const events: AnthropicStreamEvent[] = [];
    if (!this.seenCalls.has(position)) {
      this.seenCalls.add(position);
      events.push(...this.close());
      const index = this.nextIndex++;
      this.open = { kind: 'tool', index, call: position };
      const block = {
        type: 'tool_use' as const,
        id: call.id ?? `toolu_${index}`,
        name: call.function?.name ?? '',
        input: {},
      };
      events.push({ type: 'content_block_start', index, content_block: block });
    } else if (this.open?.kind !== 'tool' || this.open.call !== position) {
      throw new GatewayFailure('upstream', 'the upstream interleaved the arguments of several tool calls');
    }
    const partial = call.function?.arguments;
    if (partial) {
      events.push({
        type: 'content_block_delta',
        index: this.open.index,
        delta: { type: 'input_json_delta', partial_json: partial },
      });
    }
    return events;
  }

  private close(): AnthropicStreamEvent[] {
    if (!this.open) return [];
    const { index } = this.open;
    this.open = undefined;
    return [{ type: 'content_block_stop', index }];
  }
}
