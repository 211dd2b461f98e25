import { ErrorKind, isErrorKind, kindSpec } from './error-kinds';

export interface FailureDetails {
  param?: string;
  code?: string;
  retryAfterSeconds?: number;
  upstreamStatus?: number;
}

/** A failure meant for the client: its message is safe to show and never carries a secret. */
export class GatewayFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: FailureDetails = {},
  ) {
    super(message);
    this.name = 'GatewayFailure';
  }

  get status(): number {
    return kindSpec(this.kind).status;
  }
}

/** The wire form carried in gRPC responses (gatehouse.common.v1.GatewayError). */
export interface GatewayErrorWire {
  kind: string;
  message: string;
  param: string;
  code: string;
  retryAfterSeconds: number;
  upstreamStatus: number;
}

export function toWire(failure: GatewayFailure): GatewayErrorWire {
  const { param = '', code = '', retryAfterSeconds = 0, upstreamStatus = 0 } = failure.details;
  return { kind: failure.kind, message: failure.message, param, code, retryAfterSeconds, upstreamStatus };
}

export function fromWire(wire: Partial<GatewayErrorWire>): GatewayFailure {
  const kind = wire.kind && isErrorKind(wire.kind) ? wire.kind : 'internal';
  return new GatewayFailure(kind, wire.message || 'internal error', {
    param: wire.param || undefined,
    code: wire.code || undefined,
    retryAfterSeconds: wire.retryAfterSeconds || undefined,
    upstreamStatus: wire.upstreamStatus || undefined,
  });
}

/** Anything thrown that is not already a GatewayFailure becomes an opaque internal error. */
export function asFailure(error: unknown): GatewayFailure {
  return error instanceof GatewayFailure ? error : new GatewayFailure('internal', 'internal error');
}
