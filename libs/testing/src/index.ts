export * from './fake-upstream';
export * from './infra';
export * from './gateway';
export * from './conformance';
