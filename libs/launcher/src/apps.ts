export const APPS = ['auth', 'provider-workers', 'router', 'guardrail', 'usage-ledger', 'edge-api'] as const;
export type AppName = (typeof APPS)[number];

/** The address variable each gRPC app listens on; edge-api is ready when its HTTP port answers. */
export const GRPC_URL_VARIABLE: Partial<Record<AppName, string>> = {
  auth: 'AUTH_GRPC_URL',
  'provider-workers': 'PROVIDER_WORKERS_GRPC_URL',
  router: 'ROUTER_GRPC_URL',
  guardrail: 'GUARDRAIL_GRPC_URL',
};

/** The services' own defaults (libs/config), used when the environment names no address. */
export const DEFAULT_PORTS: Record<string, number> = {
  GATEHOUSE_PORT: 4000,
  ROUTER_GRPC_URL: 50051,
  PROVIDER_WORKERS_GRPC_URL: 50052,
  AUTH_GRPC_URL: 50053,
  GUARDRAIL_GRPC_URL: 50054,
  USAGE_LEDGER_GRPC_URL: 50055,
};
