import { ChatCompletionChunk } from '@gatehouse/providers-core';
import { Payload } from '../payload';
import { GuardPlan } from './guard-plan';

/** Already-released text shown again with each window, so a term split across two windows is still found. */
const CONTEXT_CHARS = 64;

type Chunk = ChatCompletionChunk;

/**
 * A stream's answer text under its output guardrails: chunks are held until a window of at least
 * `windowChars` characters ends on whitespace (during_call), or until the end (post_call: every
 * chunk waits for the whole answer), then checked. A passed window goes out as it came; a masked one
 * as one chunk per choice carrying the masked text, then whatever else the held chunks carried
 * (finish reasons, tool calls, usage); a blocked one throws, and nothing of it goes out.
 */
export class StreamGuard {
  private held: Payload<Chunk>[] = [];
  private window = new Map<number, string>();
  private windowLength = 0;
  private readonly released = new Map<number, string>();

  constructor(
    private readonly plan: GuardPlan,
    private readonly windowChars: number,
  ) {}

  /** post_call guardrails see the whole answer, so nothing is released before the end. */
  static for(plan: GuardPlan, windowChars: number): StreamGuard {
    return new StreamGuard(plan, plan.lists.post.length > 0 ? Infinity : windowChars);
  }

  /** The chunks to send now: none while a window fills. */
  async add(chunk: Payload<Chunk>): Promise<Payload<Chunk>[]> {
    this.held.push(chunk);
    let last = '';
    for (const choice of chunk.object().choices ?? []) {
      const text = choice.delta?.content;
      if (typeof text !== 'string' || text === '') continue;
      this.window.set(choice.index, (this.window.get(choice.index) ?? '') + text);
      this.windowLength += text.length;
      last = text;
    }
    if (this.windowLength < this.windowChars || !/\s$/.test(last)) return [];
    return this.release();
  }

  /** At the stream's end: whatever is still held, checked. */
  end(): Promise<Payload<Chunk>[]> {
    return this.release();
  }

  private async release(): Promise<Payload<Chunk>[]> {
    const { held, window } = this;
    this.held = [];
    this.window = new Map();
    this.windowLength = 0;
    if (window.size === 0) return held;
    const indices = [...window.keys()];
    const contexts = indices.map((index) => this.released.get(index) ?? '');
    const texts = indices.map((index, k) => contexts[k] + window.get(index)!);
    const masked = await this.plan.checkOutput(texts, this.windowChars === Infinity ? 'all' : 'during');
    const out = indices.map((index, k) => (masked ? afterContext(contexts[k], masked[k]) : window.get(index)!));
    indices.forEach((index, k) => this.released.set(index, (contexts[k] + out[k]).slice(-CONTEXT_CHARS)));
    return masked ? rewritten(held, indices, out) : held;
  }
}

/** The masked window without the context shown before it (from where masking changed it, if it reached in). */
function afterContext(context: string, masked: string): string {
  if (masked.startsWith(context)) return masked.slice(context.length);
  let same = 0;
  while (same < context.length && context[same] === masked[same]) same++;
  return masked.slice(same);
}

/** Held chunks with their text replaced: one chunk of masked text per choice, then what else they carried. */
function rewritten(
  held: readonly Payload<Chunk>[],
  indices: readonly number[],
  texts: readonly string[],
): Payload<Chunk>[] {
  const chunks = held.map((payload) => payload.object());
  const head = chunks[0];
  const hadRole = (index: number) =>
    chunks.some((chunk) => chunk.choices?.some((choice) => choice.index === index && choice.delta?.role));
  const out: Payload<Chunk>[] = indices.map((index, k) =>
    Payload.of<Chunk>({
      id: head.id,
      object: 'chat.completion.chunk',
      created: head.created,
      model: head.model,
      choices: [
        {
          index,
          delta: hadRole(index) ? { role: 'assistant', content: texts[k] } : { content: texts[k] },
          finish_reason: null,
        },
      ],
    }),
  );
  for (const chunk of chunks) {
    const choices = (chunk.choices ?? []).flatMap((choice) => {
      // The text went out in the masked chunk above, the role with it.
      const rest = { ...choice.delta };
      delete rest.content;
      delete rest.role;
      const kept = Object.keys(rest).length > 0 || choice.finish_reason != null;
      return kept ? [{ ...choice, delta: rest }] : [];
    });
    if (choices.length > 0 || chunk.usage) out.push(Payload.of<Chunk>({ ...chunk, choices }));
  }
  return out;
}
