import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Unique ids shaped like OpenAI's (`chatcmpl-` + 29 chars); a random stem plus a counter keeps them cheap. */
export class IdSource {
  private readonly stem: string;
  private counter = 0;

  constructor() {
    const bytes = randomBytes(32);
    let stem = '';
    for (const byte of bytes) stem += ALPHABET[byte % ALPHABET.length];
    this.stem = stem;
  }

  next(prefix: string, length: number): string {
    const count = (++this.counter).toString(36);
    return prefix + this.stem.slice(0, Math.max(0, length - count.length)) + count;
  }
}

export const SYSTEM_FINGERPRINT = 'fp_fa4e0b57ea';
