import { Principal } from './generated/gatehouse/common/v1/common.pb';

/** A Principal with every field the generated type requires, the unnamed ones empty. */
export function makePrincipal(fields: Partial<Principal>): Principal {
  return {
    kind: '',
    subject: '',
    keyAlias: '',
    userId: '',
    teamId: '',
    orgId: '',
    models: [],
    scopes: [],
    expiresAtUnixMs: 0,
    admin: false,
    keyId: '',
    guardrails: [],
    allowRequestGuardrails: false,
    ...fields,
  };
}
