import { types } from 'node:util';

// `isNativeError` rather than `instanceof`: a driver error passes through untouched even when it was
// made in another realm (as under Jest), keeping the `code` and `constraint` repositories read.
export function asError(error: unknown): Error {
  return types.isNativeError(error) ? error : new Error(String(error));
}
