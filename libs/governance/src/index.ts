export { parseBudgetDuration, windowEndMs, windowStartMs } from './budget-duration';
export { dollarsToMicroUsd, microUsdToDollars } from './money';
export { ADMIN_OPERATIONS, AdminOperation, isAdminOperation } from './admin/operations';
export { parseBody } from './admin/parse-body';
export { BudgetState, BudgetView, budgetView } from './admin/budget-view';
export * from './admin/key-schemas';
export * from './admin/scope-schemas';
export * from './limits';
export * from './pricing';
