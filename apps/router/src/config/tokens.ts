export const ROUTER_LOGGER = Symbol('ROUTER_LOGGER');
export const ROUTER_TOPIC_PREFIX = Symbol('ROUTER_TOPIC_PREFIX');
