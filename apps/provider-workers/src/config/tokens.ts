export const WORKERS_LOGGER = Symbol('WORKERS_LOGGER');
export const WORKERS_SETTINGS = Symbol('WORKERS_SETTINGS');

/** The few env settings provider code needs at runtime (read once, in main.ts). */
export interface WorkersSettings {
  /** Bedrock's region when a deployment names none (aws_region_name). */
  awsRegion: string;
}
