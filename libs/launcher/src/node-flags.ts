import { ProcessName } from './apps';

/**
 * V8 settings for each process, on its command line (NODE_OPTIONS refuses `--liftoff-only`);
 * deploy/entrypoint.sh reads them from here for the container image.
 * - A young generation of 2 × 16 MiB: V8 sizes it by the machine's memory, up to 2 × 64 MiB, which
 *   under load is that much resident memory per process.
 * - standalone: WebAssembly compiled by Liftoff only. The embedded database is a 9 MB module;
 *   optimising its hot functions with TurboFan takes ~400 MiB and seconds of CPU while the gateway
 *   starts; the ledger's inserts are no faster for it (aggregations for reports are, up to 2×).
 */
export function nodeFlags(app: ProcessName): string[] {
  return ['--max-semi-space-size=16', ...(app === 'standalone' ? ['--liftoff-only'] : [])];
}
