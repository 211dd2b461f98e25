/** A model's list price in integer micro-dollars per million tokens: $2.50 / 1M tokens is 2_500_000. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** The longest reply the model can write; 0 for embedding models, which write none. */
  readonly maxOutputTokens: number;
}
