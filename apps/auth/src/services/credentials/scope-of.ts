import { common } from '@gatehouse/contracts';
import { parseBudgetDuration } from '@gatehouse/governance';
import { GovernedColumns } from '../../repositories/entities';

export type ScopeKind = 'key' | 'user' | 'team';

/** The limits and budget one owner puts on a call; undefined when it puts none. */
export function scopeOf(
  kind: ScopeKind,
  id: string,
  governed: GovernedColumns,
  modelLimits: Record<string, common.Limits> = {},
): common.Scope | undefined {
  const limits: common.Limits = {
    rpm: governed.rpmLimit ?? 0,
    tpm: governed.tpmLimit ?? 0,
    maxParallel: governed.maxParallelRequests ?? 0,
  };
  const budget: common.Budget | undefined =
    governed.maxBudgetMicroUsd === null
      ? undefined
      : {
          maxMicroUsd: governed.maxBudgetMicroUsd,
          durationSeconds: governed.budgetDuration ? (parseBudgetDuration(governed.budgetDuration) ?? 0) : 0,
          anchorUnixMs: governed.budgetAnchor.getTime(),
        };
  const limited = limits.rpm > 0 || limits.tpm > 0 || limits.maxParallel > 0;
  if (!limited && !budget && Object.keys(modelLimits).length === 0) return undefined;
  return { kind, id, limits, budget, modelLimits };
}

/** LiteLLM's per-model limits (`model_rpm_limit`, `model_tpm_limit`) as one map of Limits. */
export function modelLimitsOf(rpm: Record<string, number>, tpm: Record<string, number>): Record<string, common.Limits> {
  const result: Record<string, common.Limits> = {};
  for (const model of new Set([...Object.keys(rpm), ...Object.keys(tpm)])) {
    result[model] = { rpm: rpm[model] ?? 0, tpm: tpm[model] ?? 0, maxParallel: 0 };
  }
  return result;
}

/**
 * The models a key may call: each owner that restricts models narrows the set. An empty result
 * with restrictions in place must still refuse everything, hence the name no model can have.
 */
export function allowedModels(...lists: string[][]): string[] {
  const restricting = lists.filter(
    (list) => list.length > 0 && !list.includes('*') && !list.includes('all-proxy-models'),
  );
  if (restricting.length === 0) return [];
  const allowed = restricting.reduce((acc, list) => acc.filter((model) => list.includes(model)));
  return allowed.length > 0 ? allowed : [NO_MODEL];
}

export const NO_MODEL = '';
