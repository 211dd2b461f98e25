export const EDGE_LOGGER = Symbol('EDGE_LOGGER');
