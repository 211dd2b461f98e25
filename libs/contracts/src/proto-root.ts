import { join } from 'node:path';

/** The .proto tree: beside src/ in the repo, copied beside dist's src/ by the build. */
export const PROTO_ROOT = join(__dirname, '..', 'proto');

export const ProtoFiles = {
  providerWorkers: 'gatehouse/provider_workers/v1/provider_workers.proto',
  auth: 'gatehouse/auth/v1/auth.proto',
  guardrail: 'gatehouse/guardrail/v1/guardrail.proto',
} as const;
