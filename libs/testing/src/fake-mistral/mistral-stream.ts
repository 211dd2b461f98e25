import { isObject, type JsonObject } from '../fake-upstream/json';

const FRAME_END = '\n\n';

function frame(data: string): string {
  return `data: ${data}${FRAME_END}`;
}

function isFinishing(chunk: JsonObject): boolean {
  return Array.isArray(chunk.choices) && chunk.choices.some((c) => isObject(c) && c.finish_reason != null);
}

/**
 * Rewrites the OpenAI fake's stream (asked with `include_usage`) into Mistral's: usage rides on the
 * chunk that carries the finish reason, with no usage-only `choices: []` chunk and no `usage: null`
 * elsewhere. Finishing chunks are held until the usage arrives; every other chunk passes at once,
 * so stalls and pacing reach the client as the OpenAI fake sent them.
 */
export async function* toMistralStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let held: JsonObject[] = [];
  const release = (usage?: unknown): string => {
    if (usage !== undefined && held.length > 0) held[held.length - 1].usage = usage;
    const out = held.map((chunk) => frame(JSON.stringify(chunk))).join('');
    held = [];
    return out;
  };
  for await (const bytes of source) {
    buffer += decoder.decode(bytes, { stream: true });
    let out = '';
    for (let end = buffer.indexOf(FRAME_END); end !== -1; end = buffer.indexOf(FRAME_END)) {
      const data = buffer.slice(0, end).replace(/^data: ?/, '');
      buffer = buffer.slice(end + FRAME_END.length);
      if (data === '[DONE]') {
        out += release() + frame(data);
        continue;
      }
      const chunk = JSON.parse(data) as JsonObject;
      if (Array.isArray(chunk.choices) && chunk.choices.length === 0) {
        out += release(chunk.usage);
        continue;
      }
      if (chunk.usage === null) delete chunk.usage;
      if (isFinishing(chunk)) held.push(chunk);
      else out += frame(JSON.stringify(chunk));
    }
    if (out !== '') yield out;
  }
  const rest = release();
  if (rest !== '') yield rest;
}
