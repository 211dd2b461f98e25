import { ChatCompletion, ChatMessage, ChatRequest } from '@gatehouse/providers-core';

/**
 * The texts a guardrail sees in a message, in a fixed order (content or its text parts, refusal,
 * each tool call's arguments), and the same walk in reverse to put masked texts back in place.
 */
function visitTexts(message: Partial<ChatMessage>, visit: (text: string) => string | undefined): Partial<ChatMessage> {
  let copy: Partial<ChatMessage> | undefined;
  const edit = () => (copy ??= { ...message });
  const { content } = message;
  if (typeof content === 'string') {
    const next = visit(content);
    if (next !== undefined && next !== content) edit().content = next;
  } else if (Array.isArray(content)) {
    const parts = content.map((part) => {
      if (part.type !== 'text' || typeof part.text !== 'string') return part;
      const next = visit(part.text);
      return next !== undefined && next !== part.text ? { ...part, text: next } : part;
    });
    if (parts.some((part, i) => part !== content[i])) edit().content = parts;
  }
  if (typeof message.refusal === 'string') {
    const next = visit(message.refusal);
    if (next !== undefined && next !== message.refusal) edit().refusal = next;
  }
  if (message.tool_calls) {
    const calls = message.tool_calls.map((call) => {
      const next = visit(call.function.arguments);
      return next !== undefined && next !== call.function.arguments
        ? { ...call, function: { ...call.function, arguments: next } }
        : call;
    });
    if (calls.some((call, i) => call !== message.tool_calls![i])) edit().tool_calls = calls;
  }
  return copy ?? message;
}

function collect(messages: readonly Partial<ChatMessage>[]): string[] {
  const texts: string[] = [];
  for (const message of messages)
    visitTexts(message, (text) => {
      texts.push(text);
      return undefined;
    });
  return texts;
}

function replace<M extends Partial<ChatMessage>>(messages: readonly M[], texts: readonly string[]): M[] {
  let next = 0;
  return messages.map((message) => visitTexts(message, () => texts[next++]) as M);
}

export function requestTexts(request: ChatRequest): string[] {
  return collect(request.messages);
}

/** The request with its texts replaced, in `requestTexts` order; a new object, the given one untouched. */
export function withRequestTexts(request: ChatRequest, texts: readonly string[]): ChatRequest {
  return { ...request, messages: replace(request.messages, texts) };
}

export function answerTexts(completion: ChatCompletion): string[] {
  return collect(completion.choices.map((choice) => choice.message));
}

export function withAnswerTexts(completion: ChatCompletion, texts: readonly string[]): ChatCompletion {
  const messages = replace(
    completion.choices.map((choice) => choice.message),
    texts,
  );
  return { ...completion, choices: completion.choices.map((choice, i) => ({ ...choice, message: messages[i] })) };
}
