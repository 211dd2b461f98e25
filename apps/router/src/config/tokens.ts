export const ROUTER_LOGGER = Symbol('ROUTER_LOGGER');
