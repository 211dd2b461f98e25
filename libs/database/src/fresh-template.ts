import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A freshly initialised database, packed once per PGlite version beside the compiled code (the
 * build makes it). Unpacking it is about twice as fast as initdb, which dominates a first start.
 */
export function freshTemplatePath(): string {
  const packageJson = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return join(__dirname, `pglite-template-${version}.tar.gz`);
}

/** The packed template, when the build made one. */
export function freshTemplate(): Uint8Array | undefined {
  const path = freshTemplatePath();
  return existsSync(path) ? readFileSync(path) : undefined;
}
