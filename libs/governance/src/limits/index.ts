export { AdmissionStore } from './admission-store';
export { AdmissionStoreUnavailable, LimitsStore } from './limits-store';
export { MemoryAdmissionStore } from './memory-admission-store';
export { carriesLimits, governs } from './admission-plan';
export { quotaHeaders, formatResetDuration } from './quota-headers';
export type {
  AdmissionTicket,
  AdmitRequest,
  AdmitResult,
  BudgetHold,
  CounterOwner,
  Quota,
  QuotaWindow,
  SettleUsage,
  SpendEntry,
} from './types';
export { createGovernanceRedis, GOVERNANCE_REDIS, governanceRedisReady } from './redis-client';
