export const AUTH_TOPIC_PREFIX = Symbol('AUTH_TOPIC_PREFIX');
