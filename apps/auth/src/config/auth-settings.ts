/** Settings resolved at boot; the master key never leaves this process except as a hash. */
export class AuthSettings {
  constructor(readonly masterKey: string | undefined) {}
}
