export * from './events';
export { PROTO_ROOT, ProtoFiles } from './proto-root';
export * as common from './generated/gatehouse/common/v1/common.pb';
export * as providerWorkers from './generated/gatehouse/provider_workers/v1/provider_workers.pb';
export * as auth from './generated/gatehouse/auth/v1/auth.pb';
export * as guardrail from './generated/gatehouse/guardrail/v1/guardrail.pb';
export { makePrincipal } from './principal';
