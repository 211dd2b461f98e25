export const LEDGER_LOGGER = Symbol('LEDGER_LOGGER');

export class LedgerSettings {
  constructor(readonly topicPrefix: string) {}
}
