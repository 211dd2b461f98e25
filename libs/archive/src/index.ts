export { ArchiveStore } from './archive-store';
export {
  archiveKey,
  assertArchiveKey,
  assertArchivePrefix,
  hourPrefix,
  idRangePart,
  InvalidArchiveKey,
} from './archive-key';
export { LocalArchiveStore } from './local-archive-store';
export { S3ArchiveStore } from './s3-archive-store';
export type { S3ArchiveStoreOptions } from './s3-archive-store';
