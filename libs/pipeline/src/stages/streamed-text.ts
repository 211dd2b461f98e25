import { ChatCompletionChunk } from '@gatehouse/providers-core';
import { Payload } from '../payload';

/**
 * Everything a stream has written so far (content, refusals, tool-call names and arguments), to
 * count the tokens of a stream that ended without the provider's usage, e.g. when the client left.
 */
export function streamedText(chunks: readonly Payload<ChatCompletionChunk>[]): string {
  const parts: string[] = [];
  for (const payload of chunks) {
    let chunk: ChatCompletionChunk;
    try {
      chunk = payload.object();
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
