import { GatewayFailure } from '@gatehouse/errors';
import { ChatMessage, ContentPart, ToolCall } from '@gatehouse/providers-core';
import { GeminiContent, GeminiPart, GeminiRole } from './gemini.types';
import { splitToolCallId } from './gemini.tool-ids';

export interface GeminiConversation {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
}

/** Image types Gemini reads: https://ai.google.dev/gemini-api/docs/image-understanding#supported-formats */
const IMAGE_TYPES_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

function refuse(message: string, param: string): GatewayFailure {
  return new GatewayFailure('bad_request', message, { param, code: 'invalid_value' });
}

function textOf(content: ChatMessage['content'], param: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (part.type !== 'text' || typeof part.text !== 'string') {
        throw refuse(`only text parts are accepted here, got '${part.type}'`, `${param}[${index}].type`);
      }
      return part.text;
    })
    .join('\n');
}

/** `data:` URLs become inline bytes; https URLs become fileData when their type can be told. */
function toGeminiImagePart(url: string, param: string): GeminiPart {
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (inline) {
    if (!inline[1].startsWith('image/')) throw refuse(`'${inline[1]}' is not an image type`, param);
    return { inlineData: { mimeType: inline[1], data: inline[2] } };
  }
  if (url.startsWith('https://')) {
    const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1].toLowerCase();
    const mimeType = extension ? IMAGE_TYPES_BY_EXTENSION[extension] : undefined;
    if (mimeType) return { fileData: { mimeType, fileUri: url } };
  }
  throw refuse(
    'an image must be a base64 data: URL or an https URL ending in .png, .jpg, .jpeg, .webp, .heic or .heif',
    param,
  );
}

function toGeminiUserParts(content: ChatMessage['content'], param: string): GeminiPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part: ContentPart, index) => {
    const where = `${param}[${index}]`;
    if (part.type === 'text' && typeof part.text === 'string') return { text: part.text };
    if (part.type === 'image_url') {
      const url = (part.image_url as { url?: unknown } | undefined)?.url;
      if (typeof url !== 'string') throw refuse('image_url.url is required', `${where}.image_url.url`);
      return toGeminiImagePart(url, `${where}.image_url.url`);
    }
    throw refuse(`content part type '${part.type}' is not supported by provider 'gemini'`, `${where}.type`);
  });
}

function toGeminiFunctionCall(call: ToolCall, param: string): GeminiPart {
  let args: unknown;
  try {
    args = call.function.arguments ? JSON.parse(call.function.arguments) : {};
  } catch {
    throw refuse('tool call arguments must be a JSON object', `${param}.function.arguments`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw refuse('tool call arguments must be a JSON object', `${param}.function.arguments`);
  }
  const { thoughtSignature } = splitToolCallId(call.id);
  const part: GeminiPart = { functionCall: { name: call.function.name, args: args as Record<string, unknown> } };
  if (thoughtSignature) part.thoughtSignature = thoughtSignature;
  return part;
}

function toGeminiModelParts(message: ChatMessage, param: string): GeminiPart[] {
  const text = textOf(message.content, `${param}.content`);
  const parts: GeminiPart[] = text ? [{ text }] : [];
  (message.tool_calls ?? []).forEach((call, index) =>
    parts.push(toGeminiFunctionCall(call, `${param}.tool_calls[${index}]`)),
  );
  return parts;
}

/** Gemini has no call ids: a tool result is matched to its call by the function name. */
function functionNameFor(messages: ChatMessage[], before: number, toolCallId: unknown, param: string): string {
  for (let i = before - 1; i >= 0; i--) {
    const call = messages[i].tool_calls?.find((candidate) => candidate.id === toolCallId);
    if (call) return call.function.name;
  }
  throw refuse(`tool_call_id '${String(toolCallId)}' does not answer an earlier assistant tool call`, param);
}

function toGeminiFunctionResponse(messages: ChatMessage[], index: number): GeminiPart {
  const message = messages[index];
  const param = `messages[${index}]`;
  const name = functionNameFor(messages, index, message.tool_call_id, `${param}.tool_call_id`);
  return { functionResponse: { name, response: { content: textOf(message.content, `${param}.content`) } } };
}

function append(contents: GeminiContent[], role: GeminiRole, parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  // Consecutive turns of one role are merged: Gemini expects user and model turns to alternate.
  if (last && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

export function toGeminiContents(messages: ChatMessage[]): GeminiConversation {
  const contents: GeminiContent[] = [];
  const system: { text: string }[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push({ text: textOf(message.content, `${param}.content`) });
        return;
      case 'user':
        return append(contents, 'user', toGeminiUserParts(message.content, `${param}.content`));
      case 'assistant':
        return append(contents, 'model', toGeminiModelParts(message, param));
      case 'tool':
        return append(contents, 'user', [toGeminiFunctionResponse(messages, index)]);
      case 'function':
        throw refuse("role 'function' is deprecated; send tool results with role 'tool'", `${param}.role`);
    }
  });
  if (contents.length === 0) throw refuse('at least one user or assistant message is required', 'messages');
  return system.length > 0 ? { contents, systemInstruction: { parts: system } } : { contents };
}
