export { startInfra } from './start-infra';
export { chooseInfraMode } from './docker-detect';
export type { Infra, InfraMode, S3Settings } from './types';
