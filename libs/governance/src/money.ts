/** LiteLLM writes budgets in dollars; they are held as integer micro-dollars, rounded once here. */
export function dollarsToMicroUsd(dollars: number): number {
  return Math.round(dollars * 1_000_000);
}

/** Micro-dollars back to dollars for LiteLLM-shaped responses (exact to six decimals). */
export function microUsdToDollars(microUsd: number): number {
  return microUsd / 1_000_000;
}
