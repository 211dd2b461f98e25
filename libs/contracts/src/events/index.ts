export * from './topics';
export { UsageEventV1, UsageEventV1Schema } from './usage.v1';
export { RequestLogEventV1, RequestLogEventV1Schema } from './request-log.v1';
export { ControlEventV1, ControlEventV1Schema } from './control.v1';
