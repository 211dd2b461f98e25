export const WORKERS_LOGGER = Symbol('WORKERS_LOGGER');
