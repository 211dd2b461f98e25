export const APPS = ['auth', 'provider-workers', 'router', 'guardrail', 'usage-ledger', 'edge-api'] as const;
export type AppName = (typeof APPS)[number];

/** The two ways to run the same modules: one process, or the six apps as their own processes. */
export const COMPOSITIONS = ['standalone', 'services'] as const;
export type Composition = (typeof COMPOSITIONS)[number];

/** What a launched process runs: one of the six apps, or the standalone composition of them all. */
export type ProcessName = AppName | 'standalone';

/** The services' own defaults (libs/config), used when the environment names no address. */
export const DEFAULT_PORTS: Record<string, number> = {
  GATEHOUSE_PORT: 4000,
  PROVIDER_WORKERS_GRPC_URL: 50052,
  AUTH_GRPC_URL: 50053,
  GUARDRAIL_GRPC_URL: 50054,
  USAGE_LEDGER_GRPC_URL: 50055,
};
