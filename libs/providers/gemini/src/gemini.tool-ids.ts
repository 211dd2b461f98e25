/**
 * Gemini function calls carry no id (https://ai.google.dev/gemini-api/docs/function-calling), so
 * the gateway makes one per call: stable within a response, unique across responses. Thinking
 * models attach a `thoughtSignature` that must come back with the call on the next turn; it rides
 * inside the id, which OpenAI clients return untouched.
 */
const SIGNATURE_SEPARATOR = '__thought__';

export function toToolCallId(responseKey: string, position: number, thoughtSignature?: string): string {
  const id = `call_${responseKey}_${position}`;
  return thoughtSignature ? `${id}${SIGNATURE_SEPARATOR}${thoughtSignature}` : id;
}

export function splitToolCallId(id: string): { id: string; thoughtSignature?: string } {
  const at = id.indexOf(SIGNATURE_SEPARATOR);
  if (at === -1) return { id };
  return { id: id.slice(0, at), thoughtSignature: id.slice(at + SIGNATURE_SEPARATOR.length) || undefined };
}
