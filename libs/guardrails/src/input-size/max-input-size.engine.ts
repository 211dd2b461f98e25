import { GuardrailEngine, GuardrailInput, GuardrailVerdict } from '../guardrail-engine';

/** `max_input_size`: blocks a request whose texts together run longer than `max_chars` characters. */
export class MaxInputSizeEngine implements GuardrailEngine {
  readonly masksInput = false;

  constructor(
    readonly name: string,
    private readonly maxChars: number,
  ) {}

  check(input: GuardrailInput): Promise<GuardrailVerdict> {
    if (input.source === 'output') return Promise.resolve({ action: 'pass' });
    const size = characters(input.texts, this.maxChars);
    if (size <= this.maxChars) return Promise.resolve({ action: 'pass' });
    return Promise.resolve({
      action: 'block',
      type: 'max_input_size',
      detail: `input is ${size} characters, over the limit of ${this.maxChars}`,
    });
  }
}

/**
 * Characters as code points, so an emoji counts once. A string's length (UTF-16 units) is never
 * less, so code points are counted only when the length is over the limit. Only a whole surrogate
 * pair is one: JSON's `\ud800` escapes make lone ones, which would otherwise count as nothing.
 */
function characters(texts: readonly string[], limit: number): number {
  const units = texts.reduce((sum, text) => sum + text.length, 0);
  if (units <= limit) return units;
  let pairs = 0;
  for (const text of texts)
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  return units - pairs;
}
