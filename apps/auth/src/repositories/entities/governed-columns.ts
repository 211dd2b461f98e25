import { BudgetState } from '@gatehouse/governance';
import { Column, ValueTransformer } from 'typeorm';

/** pg returns bigint as a string; micro-dollar amounts stay far below 2^53, so a number is exact. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Budget, spend window, limits and models: the same columns on keys, users, teams and organizations. */
export class GovernedColumns {
  @Column({ name: 'max_budget_micro_usd', type: 'bigint', nullable: true, transformer: bigintNumber })
  maxBudgetMicroUsd!: number | null;

  @Column({ name: 'budget_duration', type: 'text', nullable: true })
  budgetDuration!: string | null;

  @Column({ name: 'budget_anchor', type: 'timestamptz' })
  budgetAnchor!: Date;

  @Column({ name: 'spend_micro_usd', type: 'bigint', transformer: bigintNumber })
  spendMicroUsd!: number;

  @Column({ name: 'spend_window_start', type: 'timestamptz', nullable: true })
  spendWindowStart!: Date | null;

  @Column({ name: 'rpm_limit', type: 'integer', nullable: true })
  rpmLimit!: number | null;

  @Column({ name: 'tpm_limit', type: 'integer', nullable: true })
  tpmLimit!: number | null;

  @Column({ name: 'max_parallel_requests', type: 'integer', nullable: true })
  maxParallelRequests!: number | null;

  @Column({ type: 'text', array: true })
  models!: string[];

  @Column({ type: 'jsonb' })
  metadata!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The columns every new key, user and team starts with: no budget, no limits, no spend. */
export function newGovernedColumns(now: Date): GovernedColumns {
  return {
    maxBudgetMicroUsd: null,
    budgetDuration: null,
    budgetAnchor: now,
    spendMicroUsd: 0,
    spendWindowStart: null,
    rpmLimit: null,
    tpmLimit: null,
    maxParallelRequests: null,
    models: [],
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
}

/** What budgetView needs of the stored columns. */
export function budgetStateOf(governed: GovernedColumns): BudgetState {
  return {
    maxBudgetMicroUsd: governed.maxBudgetMicroUsd,
    budgetDuration: governed.budgetDuration,
    budgetAnchorMs: governed.budgetAnchor.getTime(),
    spendMicroUsd: governed.spendMicroUsd,
    spendWindowStartMs: governed.spendWindowStart?.getTime() ?? null,
  };
}
