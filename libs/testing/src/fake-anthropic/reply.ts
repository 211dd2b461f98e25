import type { IdSource } from '../fake-upstream/ids';
import { isObject, type JsonObject } from '../fake-upstream/json';
import { sampleFromSchema } from '../fake-upstream/schema-sample';
import { countTokens, truncateToTokens } from '../fake-upstream/tokens';
import { promptTooLong, streamErrorEvent } from './errors';
import type { AnthropicKnobs } from './knobs';
import type { MessagesRequest } from './validate';

const SIGNATURE = 'ZmFrZS1hbnRocm9waWMtc2lnbmF0dXJl';

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

/** A reply computed once, rendered as a message or as stream events. */
export interface MessagePlan {
  id: string;
  model: string;
  content: Block[];
  stopReason: string;
  stopSequence: string | null;
  usage: {
    input_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
    output_tokens: number;
  };
}

/**
 * What the fake answers (the shared conformance suite relies on it):
 * - the last turn hands back a tool result → `Tool said: <result>`;
 * - a forced tool (tool_choice `tool`, or `any` → the first tool) → a tool_use whose input is
 *   `{"echo": <last user text>}` for a schema without properties (a free-form JSON answer), else a
 *   value shaped by the schema with `"Paris"` for strings;
 * - otherwise `Echo: <last user text>` (the `content` knob replaces it), cut at a stop sequence or
 *   at max_tokens; with thinking on, a thinking block comes first.
 */
export function planMessage(request: MessagesRequest, knobs: AnthropicKnobs, ids: IdSource): MessagePlan {
  const inputTokens = countTokens(request.promptText);
  if (inputTokens > knobs.contextWindow) throw promptTooLong(inputTokens, knobs.contextWindow);
  const content: Block[] = [];
  if (request.thinking) {
    content.push({ type: 'thinking', thinking: `Thinking about: ${request.lastUser.text}`, signature: SIGNATURE });
  }
  let stopReason = 'end_turn';
  let stopSequence: string | null = null;
  const tool = request.lastUser.toolResult === undefined ? request.forcedTool : undefined;
  if (tool) {
    content.push({
      type: 'tool_use',
      id: ids.next('toolu_', 24),
      name: tool.name,
      input: sampleInput(tool.schema, request.lastUser.text),
    });
    stopReason = 'tool_use';
  } else {
    let text =
      knobs.content ??
      (request.lastUser.toolResult !== undefined
        ? `Tool said: ${request.lastUser.toolResult}`
        : `Echo: ${request.lastUser.text}`);
    const hit = firstStop(text, request.stopSequences);
    if (hit) {
      text = text.slice(0, hit.at);
      [stopReason, stopSequence] = ['stop_sequence', hit.sequence];
    }
    if (countTokens(text) > request.maxTokens) {
      text = truncateToTokens(text, request.maxTokens);
      [stopReason, stopSequence] = ['max_tokens', null];
    }
    content.push({ type: 'text', text });
  }
  return {
    id: ids.next('msg_', 28),
    model: request.model,
    content,
    stopReason: knobs.stopReason ?? stopReason,
    stopSequence,
    usage: {
      input_tokens: inputTokens,
      cache_creation_input_tokens: knobs.cacheCreationTokens,
      cache_read_input_tokens: knobs.cacheReadTokens,
      output_tokens: Math.max(
        1,
        content.reduce((sum, block) => sum + countTokens(blockText(block)), 0),
      ),
    },
  };
}

function firstStop(text: string, sequences: string[]): { at: number; sequence: string } | undefined {
  let best: { at: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const at = text.indexOf(sequence);
    if (at !== -1 && (best === undefined || at < best.at)) best = { at, sequence };
  }
  return best;
}

function blockText(block: Block): string {
  if (block.type === 'text') return block.text;
  if (block.type === 'thinking') return block.thinking;
  return block.name + JSON.stringify(block.input);
}

function sampleInput(schema: JsonObject, lastUserText: string): unknown {
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (Object.keys(properties).length === 0) return { echo: lastUserText };
  return sampleFromSchema(schema, 'Paris');
}

/** The non-streaming body, fields as the API sends them. */
export function renderMessage(plan: MessagePlan): string {
  return JSON.stringify({
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: plan.content.map((block) => (block.type === 'text' ? { ...block, citations: null } : block)),
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
    usage: { ...plan.usage, service_tier: 'standard' },
  });
}

/** SSE frames, and which of them are content deltas (where a stall or a stream error may cut). */
export interface StreamScript {
  frames: string[];
  deltaFrames: number[];
}

const frame = (event: { type: string }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * message_start, ping, then per block content_block_start / deltas / content_block_stop, then
 * message_delta (stop reason, cumulative output tokens) and message_stop — the order of
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming.
 */
export function scriptStream(plan: MessagePlan, chunks: number): StreamScript {
  const frames: string[] = [];
  const deltaFrames: number[] = [];
  const start = {
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
  };
  frames.push(
    frame({ type: 'message_start', message: { ...start, usage: { ...plan.usage, output_tokens: 1 } } } as {
      type: string;
    }),
  );
  frames.push(frame({ type: 'ping' }));
  plan.content.forEach((block, index) => {
    const opened =
      block.type === 'text'
        ? { type: 'text', text: '' }
        : block.type === 'thinking'
          ? { type: 'thinking', thinking: '', signature: '' }
          : { ...block, input: {} };
    frames.push(frame({ type: 'content_block_start', index, content_block: opened } as { type: string }));
    for (const delta of deltasOf(block, chunks)) {
      deltaFrames.push(frames.length);
      frames.push(frame({ type: 'content_block_delta', index, delta } as { type: string }));
    }
    frames.push(frame({ type: 'content_block_stop', index } as { type: string }));
  });
  frames.push(
    frame({
      type: 'message_delta',
      delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
      usage: { output_tokens: plan.usage.output_tokens },
    } as { type: string }),
  );
  frames.push(frame({ type: 'message_stop' }));
  return { frames, deltaFrames };
}

export function errorFrame(type: string): string {
  return frame(streamErrorEvent(type));
}

function deltasOf(block: Block, chunks: number): object[] {
  switch (block.type) {
    case 'text':
      return split(block.text, chunks).map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...split(block.thinking, chunks).map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'tool_use':
      // The API opens every tool input with an empty fragment.
      return ['', ...split(JSON.stringify(block.input), chunks)].map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      }));
  }
}

function split(text: string, count: number): string[] {
  const chars = Array.from(text);
  const parts = Math.min(Math.max(1, count), chars.length);
  const pieces: string[] = [];
  for (let i = 0; i < parts; i++) {
    pieces.push(
      chars.slice(Math.floor((i * chars.length) / parts), Math.floor(((i + 1) * chars.length) / parts)).join(''),
    );
  }
  return pieces;
}
