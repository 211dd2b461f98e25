import { randomUUID } from 'node:crypto';
import { fakeEmbedding } from '../fake-upstream/embeddings';
import { isObject, type JsonObject } from '../fake-upstream/json';
import { countTokens } from '../fake-upstream/tokens';

/** Tokens Cohere adds around a prompt with its template: counted in `tokens`, not in `billed_units`. */
const TEMPLATE_TOKENS = 64;
const STREAM_PIECES = 3;

export interface ChatPlan {
  id: string;
  text?: string;
  toolCall?: { id: string; name: string; arguments: string };
  finishReason: 'COMPLETE' | 'TOOL_CALL';
  usage: JsonObject;
}

/** Text parts as they are, `[image]` for each image part, joined by a space. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (!isObject(part)) return '';
      if (part.type === 'image_url') return '[image]';
      if (part.type === 'document' && isObject(part.document)) {
        const data = part.document.data;
        return typeof data === 'string' ? data : JSON.stringify(data ?? '');
      }
      return typeof part.text === 'string' ? part.text : '';
    })
    .join(' ');
}

function usageFor(messages: JsonObject[], output: string): JsonObject {
  const input = countTokens(messages.map((m) => textOf(m.content)).join('\n'));
  const out = countTokens(output);
  return {
    billed_units: { input_tokens: input, output_tokens: out },
    tokens: { input_tokens: input + TEMPLATE_TOKENS, output_tokens: out + 1 },
  };
}

/** The conformance contract: echo, `Tool said:`, a forced tool with {"city":"Paris"}, JSON mode. */
export function planChat(body: JsonObject): ChatPlan {
  const messages = body.messages as JsonObject[];
  const last = messages[messages.length - 1];
  const id = randomUUID();
  const tools = Array.isArray(body.tools) ? (body.tools as JsonObject[]) : [];
  if (last.role !== 'tool' && body.tool_choice === 'REQUIRED' && tools.length > 0) {
    const name = String((tools[0].function as JsonObject).name);
    const toolCall = { id: `${name}_${id.slice(0, 8)}`, name, arguments: '{"city":"Paris"}' };
    return { id, toolCall, finishReason: 'TOOL_CALL', usage: usageFor(messages, name + toolCall.arguments) };
  }
  let text: string;
  if (last.role === 'tool') text = `Tool said: ${textOf(last.content)}`;
  else {
    const user = [...messages].reverse().find((m) => m.role === 'user');
    const asked = textOf(user?.content);
    const json = isObject(body.response_format) && body.response_format.type === 'json_object';
    text = json ? JSON.stringify({ echo: asked }) : `Echo: ${asked}`;
  }
  return { id, text, finishReason: 'COMPLETE', usage: usageFor(messages, text) };
}

const TOOL_PLAN = 'I will call the tool.';

export function renderChat(plan: ChatPlan): string {
  const call = plan.toolCall;
  const message = call
    ? {
        role: 'assistant',
        tool_plan: TOOL_PLAN,
        tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }],
      }
    : { role: 'assistant', content: [{ type: 'text', text: plan.text ?? '' }] };
  return JSON.stringify({ id: plan.id, finish_reason: plan.finishReason, message, usage: plan.usage });
}

function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / STREAM_PIECES));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const frame = (event: JsonObject): string => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * The SSE events of a v2 chat stream, in Cohere's order. `contentAt` is the index of the first
 * content (or tool-call argument) delta, where a stall may cut the stream.
 */
export function scriptChatStream(plan: ChatPlan): { frames: string[]; contentAt: number } {
  const start = { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } };
  const frames = [frame({ type: 'message-start', id: plan.id, delta: start })];
  const call = plan.toolCall;
  if (call) {
    for (const piece of pieces(TOOL_PLAN))
      frames.push(frame({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } }));
    const opened = { id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    frames.push(frame({ type: 'tool-call-start', index: 0, delta: { message: { tool_calls: opened } } }));
  } else {
    const opened = { content: { type: 'text', text: '' } };
    frames.push(frame({ type: 'content-start', index: 0, delta: { message: opened } }));
  }
  const contentAt = frames.length;
  for (const piece of pieces(call ? call.arguments : (plan.text ?? ''))) {
    const message = call ? { tool_calls: { function: { arguments: piece } } } : { content: { text: piece } };
    frames.push(frame({ type: call ? 'tool-call-delta' : 'content-delta', index: 0, delta: { message } }));
  }
  frames.push(frame({ type: call ? 'tool-call-end' : 'content-end', index: 0 }));
  frames.push(frame({ type: 'message-end', delta: { finish_reason: plan.finishReason, usage: plan.usage } }));
  return { frames, contentAt };
}

export function renderEmbed(body: JsonObject): string {
  const texts = body.texts as string[];
  const dimensions = typeof body.output_dimension === 'number' ? body.output_dimension : undefined;
  const float = texts.map((text) => Array.from(fakeEmbedding(text, dimensions)));
  const input = texts.reduce((sum, text) => sum + countTokens(text), 0);
  return JSON.stringify({
    id: randomUUID(),
    embeddings: { float },
    texts,
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: input } },
    response_type: 'embeddings_by_type',
  });
}
