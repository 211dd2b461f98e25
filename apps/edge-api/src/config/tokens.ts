export const EDGE_LOGGER = Symbol('EDGE_LOGGER');
export const EDGE_TOPIC_PREFIX = Symbol('EDGE_TOPIC_PREFIX');
export const EDGE_SHUTDOWN = Symbol('EDGE_SHUTDOWN');
