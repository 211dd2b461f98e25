import { JwtSettings } from './jwt-settings';

export const AUTH_LOGGER = Symbol('AUTH_LOGGER');

/** Settings resolved at boot; the master key never leaves this process except as a hash. */
export class AuthSettings {
  constructor(
    readonly masterKey: string | undefined,
    /** How long edge-api may reuse an answer; control.v1 events end it sooner. */
    readonly cacheTtlMs: number,
    /** How old a remembered key may be and still be served while Postgres is unreachable. */
    readonly staleMaxMs: number,
    readonly staleKeysMax: number,
    readonly jwt: JwtSettings | undefined,
    /** The config's `guardrail_name`s: what keys and teams may name in `guardrails`. */
    readonly guardrailNames: ReadonlySet<string>,
  ) {}
}
