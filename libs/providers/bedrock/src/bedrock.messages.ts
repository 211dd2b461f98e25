import { GatewayFailure } from '@gatehouse/errors';
import type { ChatMessage } from '@gatehouse/providers-core';
import type { ContentBlock, JsonDocument, Message, SystemContentBlock } from './bedrock.types';

/** A content part read loosely: canonical parts carry provider extras such as `cache_control`. */
type Part = { type: string; [key: string]: unknown };

const IMAGE_FORMATS: Record<string, 'png' | 'jpeg' | 'gif' | 'webp'> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};
const DOCUMENT_FORMATS: Record<string, 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md'> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};
const CACHE_POINT = { cachePoint: { type: 'default' } } as const;

/** Converse keeps system prompts apart from the turns, and needs user/assistant turns to alternate. */
export function toConverseMessages(messages: readonly ChatMessage[]): {
  system: SystemContentBlock[];
  turns: Message[];
} {
  const system: SystemContentBlock[] = [];
  const turns: Message[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system' || message.role === 'developer') {
      system.push(...toSystemBlocks(message, index));
      return;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = toContentBlocks(message, index);
    const last = turns.at(-1);
    // Consecutive tool results (and a user turn after them) form one user turn on Bedrock.
    if (last && last.role === role) last.content = [...(last.content ?? []), ...content];
    else turns.push({ role, content });
  });
  return { system, turns };
}

function toSystemBlocks(message: ChatMessage, index: number): SystemContentBlock[] {
  const blocks: SystemContentBlock[] = [];
  for (const part of partsOf(message.content)) {
    if (part.type !== 'text') throw badPart(index, `a ${message.role} message can only hold text`);
    blocks.push({ text: textOf(part) });
    if (part.cache_control) blocks.push(CACHE_POINT);
  }
  if (message.cache_control) blocks.push(CACHE_POINT);
  return blocks;
}

function toContentBlocks(message: ChatMessage, index: number): ContentBlock[] {
  switch (message.role) {
    case 'user':
      return withMessageCache(
        message,
        partsOf(message.content).flatMap((part) => toUserBlocks(part, index)),
      );
    case 'assistant':
      return withMessageCache(message, toAssistantBlocks(message, index));
    case 'tool':
      return [toToolResultBlock(message, index)];
    case 'function':
    case 'system':
    case 'developer':
      throw badPart(index, `role '${message.role}' is not supported by Bedrock; use 'tool' messages`);
  }
}

function toUserBlocks(part: Part, index: number): ContentBlock[] {
  const block = toUserBlock(part, index);
  return part.cache_control ? [block, CACHE_POINT] : [block];
}

function toUserBlock(part: Part, index: number): ContentBlock {
  if (part.type === 'text') return { text: textOf(part) };
  if (part.type === 'image_url') return { image: toImage(part, index) };
  if (part.type === 'file') return { document: toDocument(part, index) };
  throw badPart(index, `content part type '${part.type}' is not supported by Bedrock`);
}

function toImage(part: Part, index: number) {
  const url = (part.image_url as { url?: unknown } | undefined)?.url;
  const data = typeof url === 'string' ? parseDataUrl(url) : undefined;
  if (!data) {
    throw badPart(
      index,
      'Bedrock needs images as base64 data URLs (data:image/png;base64,...); image URLs are not fetched',
    );
  }
  const format = IMAGE_FORMATS[data.mediaType];
  if (!format)
    throw badPart(index, `image type '${data.mediaType}' is not supported by Bedrock (png, jpeg, gif, webp)`);
  return { format, source: { bytes: data.bytes } };
}

function toDocument(part: Part, index: number) {
  const file = (part.file ?? {}) as { file_data?: unknown; filename?: unknown };
  const data = typeof file.file_data === 'string' ? parseDataUrl(file.file_data) : undefined;
  if (!data)
    throw badPart(index, 'Bedrock needs files as base64 data URLs in file.file_data; file ids are not supported');
  const format = DOCUMENT_FORMATS[data.mediaType];
  if (!format) throw badPart(index, `document type '${data.mediaType}' is not supported by Bedrock`);
  return { format, name: documentName(file.filename, index), source: { bytes: data.bytes } };
}

// Bedrock accepts letters, digits, single spaces, hyphens, parentheses and square brackets in a document name.
function documentName(filename: unknown, index: number): string {
  const base = typeof filename === 'string' ? filename.replace(/\.[^.]*$/, '') : '';
  const cleaned = base
    .replace(/[^A-Za-z0-9\s\-()[\]]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned || `document-${index}`;
}

function toAssistantBlocks(message: ChatMessage, index: number): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  for (const part of partsOf(message.content)) {
    if (part.type !== 'text') throw badPart(index, 'an assistant message can only hold text and tool calls');
    // Bedrock refuses blank text blocks; an empty assistant text carries nothing.
    if (textOf(part) !== '') blocks.push({ text: textOf(part) });
    if (part.cache_control) blocks.push(CACHE_POINT);
  }
  for (const call of message.tool_calls ?? []) {
    blocks.push({
      toolUse: {
        toolUseId: call.id,
        name: call.function.name,
        input: parseArguments(call.function.arguments, index) as JsonDocument,
      },
    });
  }
  return blocks;
}

function toToolResultBlock(message: ChatMessage, index: number): ContentBlock {
  if (!message.tool_call_id) throw badPart(index, 'a tool message needs tool_call_id');
  const text = partsOf(message.content)
    .map((part) => (part.type === 'text' ? textOf(part) : ''))
    .join('');
  return { toolResult: { toolUseId: message.tool_call_id, content: [{ text }] } };
}

function withMessageCache(message: ChatMessage, blocks: ContentBlock[]): ContentBlock[] {
  return message.cache_control ? [...blocks, CACHE_POINT] : blocks;
}

function partsOf(content: ChatMessage['content']): Part[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content as Part[];
}

function textOf(part: Part): string {
  return typeof part.text === 'string' ? part.text : '';
}

function parseArguments(raw: string, index: number): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badPart(index, 'tool_calls[].function.arguments must be a JSON object');
}

export function parseDataUrl(url: string): { mediaType: string; bytes: Uint8Array } | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (!match) return undefined;
  return { mediaType: match[1].toLowerCase(), bytes: new Uint8Array(Buffer.from(match[2], 'base64')) };
}

function badPart(index: number, message: string): GatewayFailure {
  return new GatewayFailure('bad_request', `messages[${index}]: ${message}`, { param: `messages[${index}]` });
}
