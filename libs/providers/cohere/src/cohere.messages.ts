import { GatewayFailure } from '@gatehouse/errors';
import { ChatMessage, ContentPart, ImagePart, ToolCall } from '@gatehouse/providers-core';
import { CohereImageContent, CohereMessage, CohereTextContent, CohereToolCall } from './cohere.types';

function refuse(message: string, param = 'messages'): GatewayFailure {
  return new GatewayFailure('bad_request', message, { param });
}

function isImagePart(part: ContentPart): part is ImagePart {
  return part.type === 'image_url' && typeof (part as ImagePart).image_url?.url === 'string';
}

/** The text of a message whose parts may only be text (system, assistant, tool). */
function textOf(content: ChatMessage['content'], role: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text;
      throw refuse(`content part '${part.type}' is not supported in a ${role} message by provider 'cohere'`);
    })
    .join('');
}

function toCohereUserContent(content: ChatMessage['content']): string | (CohereTextContent | CohereImageContent)[] {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part): CohereTextContent | CohereImageContent => {
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (isImagePart(part)) {
      const { url, detail } = part.image_url;
      return { type: 'image_url', image_url: detail ? { url, detail } : { url } };
    }
    throw refuse(`content part '${part.type}' is not supported by provider 'cohere'`);
  });
}

function toCohereToolCall(call: ToolCall): CohereToolCall {
  return { id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } };
}

function toCohereAssistant(message: ChatMessage): CohereMessage {
  const text = textOf(message.content, 'assistant');
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: text };
  const out: CohereMessage = { role: 'assistant', tool_calls: calls.map(toCohereToolCall) };
  if (text) out.content = text;
  // What we surfaced as reasoning_content beside a tool call was Cohere's tool plan; give it back.
  if (typeof message.reasoning_content === 'string' && message.reasoning_content) {
    out.tool_plan = message.reasoning_content;
  }
  return out;
}

function toCohereMessage(message: ChatMessage): CohereMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content, message.role) };
    case 'user':
      return { role: 'user', content: toCohereUserContent(message.content) };
    case 'assistant':
      return toCohereAssistant(message);
    case 'tool':
      if (typeof message.tool_call_id !== 'string' || !message.tool_call_id) {
        throw refuse('a tool message needs the tool_call_id it answers');
      }
      return { role: 'tool', tool_call_id: message.tool_call_id, content: textOf(message.content, 'tool') };
    case 'function':
      throw refuse("the deprecated 'function' role is not supported by provider 'cohere'; use 'tool'");
  }
  throw refuse(`unknown message role '${String((message as { role: unknown }).role)}'`);
}

/** OpenAI messages to Cohere v2 messages; developer messages become system messages. */
export function toCohereMessages(messages: readonly ChatMessage[]): CohereMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) throw refuse('messages must be a non-empty array');
  return messages.map(toCohereMessage);
}
