import { auth } from '@gatehouse/contracts';

/**
 * auth's two verbs: who a credential belongs to, and the admin operations on keys, users and teams.
 * Bound to auth in-process (standalone) or over gRPC (services); the messages are the contract's.
 */
export abstract class Credentials {
  abstract authenticate(request: auth.AuthenticateRequest): Promise<auth.AuthenticateResponse>;
  abstract manage(request: auth.ManageRequest): Promise<auth.ManageResponse>;
}
