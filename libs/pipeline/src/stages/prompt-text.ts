import { ChatMessage } from '@gatehouse/providers-core';

/**
 * Past this, a prompt is cached by exact match only: most embedding models take about 8,000 tokens,
 * and cutting a prompt to fit would let two prompts that differ at the end share an answer.
 */
export const MAX_SEMANTIC_PROMPT_CHARS = 24_000;

/**
 * The text the semantic cache embeds: every message as `role: text`, tool calls as their JSON.
 * Undefined when a message holds anything but text (an image, audio, a file), which an embedding
 * of the words would not tell apart, or when the prompt is too long to embed whole.
 */
export function promptText(messages: readonly ChatMessage[]): string | undefined {
  const lines: string[] = [];
  let length = 0;
  for (const message of messages) {
    const text = contentText(message.content);
    if (text === undefined) return undefined;
    const calls = message.tool_calls ? ` ${JSON.stringify(message.tool_calls)}` : '';
    const line = `${message.role}: ${text}${calls}`;
    length += line.length + 1;
    if (length > MAX_SEMANTIC_PROMPT_CHARS) return undefined;
    lines.push(line);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function contentText(content: ChatMessage['content']): string | undefined {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const part of content) {
    if (part.type !== 'text' || typeof part.text !== 'string') return undefined;
    texts.push(part.text);
  }
  return texts.join(' ');
}
