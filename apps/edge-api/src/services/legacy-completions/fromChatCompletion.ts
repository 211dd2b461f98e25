import { ChatCompletion, ChatCompletionChunk, ChatMessage, Usage } from '@gatehouse/providers-core';

export interface TextChoice {
  text: string;
  index: number;
  logprobs: null;
  finish_reason: string | null;
}

/** OpenAI's `text_completion` object, used both for answers and for stream chunks. */
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: TextChoice[];
  usage?: Usage | null;
}

/**
 * Chat completions (one per prompt, in prompt order) as one text completion. As OpenAI numbers
 * them, choice `index` runs over prompts then over `n`: prompt p, choice i → p * n + i.
 */
export function fromChatCompletions(completions: ChatCompletion[], n: number): TextCompletion {
  const [first] = completions;
  return {
    id: completionIdFrom(first.id),
    object: 'text_completion',
    created: first.created,
    model: first.model,
    choices: completions.flatMap((completion, p) =>
      completion.choices.map((choice) => ({
        text: textOf(choice.message.content),
        index: p * n + choice.index,
        logprobs: null,
        finish_reason: choice.finish_reason,
      })),
    ),
    usage: sumUsage(completions.map((c) => c.usage)),
  };
}

/** A chat chunk as a text_completion chunk; undefined for chunks with nothing to say (role-only). */
export function fromChatChunk(chunk: ChatCompletionChunk): TextCompletion | undefined {
  const choices = chunk.choices.map((choice) => ({
    text: textOf(choice.delta.content),
    index: choice.index,
    logprobs: null,
    finish_reason: choice.finish_reason,
  }));
  const said = choices.some((c) => c.text !== '' || c.finish_reason !== null);
  if (!said && !chunk.usage) return undefined;
  const out: TextCompletion = {
    id: completionIdFrom(chunk.id),
    object: 'text_completion',
    created: chunk.created,
    model: chunk.model,
    choices: said ? choices : [],
  };
  if (chunk.usage) out.usage = chunk.usage;
  return out;
}

export function completionIdFrom(chatId: string): string {
  return `cmpl-${chatId.replace(/^chatcmpl-/, '')}`;
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

function sumUsage(usages: (Usage | undefined)[]): Usage | undefined {
  const known = usages.filter((u): u is Usage => u !== undefined);
  if (known.length === 0) return undefined;
  const prompt = known.reduce((sum, u) => sum + u.prompt_tokens, 0);
  const completion = known.reduce((sum, u) => sum + u.completion_tokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
