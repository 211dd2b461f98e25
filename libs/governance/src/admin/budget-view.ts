import { parseBudgetDuration, windowEndMs, windowStartMs } from '../budget-duration';
import { microUsdToDollars } from '../money';

/** What is stored about a budget on a key, user or team row. */
export interface BudgetState {
  maxBudgetMicroUsd: number | null;
  budgetDuration: string | null;
  budgetAnchorMs: number;
  spendMicroUsd: number;
  spendWindowStartMs: number | null;
}

/** LiteLLM's budget fields, in dollars. */
export interface BudgetView {
  max_budget: number | null;
  spend: number;
  remaining_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
}

/**
 * The budget as LiteLLM shows it. The stored spend counts only while its window is the current one
 * (windows restart every duration from the anchor), so a window that has rolled over shows 0.
 */
export function budgetView(state: BudgetState, nowMs: number): BudgetView {
  const seconds = state.budgetDuration ? (parseBudgetDuration(state.budgetDuration) ?? 0) : 0;
  const current = windowStartMs(state.budgetAnchorMs, seconds, nowMs);
  const spendMicroUsd = state.spendWindowStartMs === current ? state.spendMicroUsd : 0;
  const resetAt = windowEndMs(state.budgetAnchorMs, seconds, nowMs);
  const max = state.maxBudgetMicroUsd;
  return {
    max_budget: max === null ? null : microUsdToDollars(max),
    spend: microUsdToDollars(spendMicroUsd),
    remaining_budget: max === null ? null : microUsdToDollars(Math.max(0, max - spendMicroUsd)),
    budget_duration: state.budgetDuration,
    budget_reset_at: resetAt === undefined ? null : new Date(resetAt).toISOString(),
  };
}
