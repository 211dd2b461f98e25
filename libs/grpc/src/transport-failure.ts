import { GatewayFailure } from '@gatehouse/errors';
import { status } from '@grpc/grpc-js';

/** A failed call to another service, as the client should see it: never the internal details. */
export function grpcTransportFailure(error: unknown, service: string): GatewayFailure {
  const code = (error as { code?: unknown }).code;
  if (code === status.DEADLINE_EXCEEDED) return new GatewayFailure('timeout', `${service} did not answer in time`);
  if (code === status.UNAVAILABLE) return new GatewayFailure('unavailable', `${service} is unavailable`);
  return new GatewayFailure('internal', `${service} failed`);
}
