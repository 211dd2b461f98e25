export const LEDGER_LOGGER = Symbol('LEDGER_LOGGER');
