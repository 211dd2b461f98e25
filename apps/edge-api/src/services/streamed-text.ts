import { ChatCompletionChunk } from '@gatehouse/providers-core';

/**
 * Everything a stream has written so far (content, refusals, tool-call names and arguments), to
 * count the tokens of a stream that ended without the provider's usage, e.g. when the client left.
 */
export function streamedText(chunks: readonly Buffer[]): string {
  const parts: string[] = [];
  for (const raw of chunks) {
    let chunk: ChatCompletionChunk;
    try {
      chunk = JSON.parse(raw.toString('utf8')) as ChatCompletionChunk;
    } catch {
      continue;
    }
    for (const choice of chunk.choices ?? []) {
      const { delta } = choice;
      if (typeof delta.content === 'string') parts.push(delta.content);
      if (typeof delta.refusal === 'string') parts.push(delta.refusal);
      for (const call of delta.tool_calls ?? []) {
        if (call.function?.name) parts.push(call.function.name);
        if (call.function?.arguments) parts.push(call.function.arguments);
      }
    }
  }
  return parts.join('');
}
