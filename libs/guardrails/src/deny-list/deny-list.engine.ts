import { GuardrailEngine, GuardrailInput, GuardrailVerdict } from '../guardrail-engine';
import { literalTermsSource } from './literal-terms';

/**
 * `deny_list`: blocks a text containing any listed term, case-insensitively on word boundaries.
 * Input and output are checked alike.
 */
export class DenyListEngine implements GuardrailEngine {
  readonly masksInput = false;
  private readonly pattern: RegExp;

  constructor(
    readonly name: string,
    terms: readonly string[],
  ) {
    this.pattern = new RegExp(literalTermsSource(terms), 'i');
  }

  check(input: GuardrailInput): Promise<GuardrailVerdict> {
    const index = input.texts.findIndex((text) => this.pattern.test(text));
    // The detail names the text, not the term: the term is what the operator keeps off the wire.
    return Promise.resolve(
      index < 0
        ? { action: 'pass' }
        : { action: 'block', type: 'deny_list', detail: `text ${index} contains a denied term` },
    );
  }
}
