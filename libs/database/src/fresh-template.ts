import { PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
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

/** The template as PGlite's `loadDataDir` takes it, when the build made one. */
export function freshTemplate(): Blob | undefined {
  const path = freshTemplatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

/** Initialises a database in memory and packs it as the template; does nothing when it exists. */
export async function writeFreshTemplate(path = freshTemplatePath()): Promise<void> {
  if (existsSync(path)) return;
  const database = await PGlite.create();
  try {
    const packed = await database.dumpDataDir('gzip');
    await writeFile(path, Buffer.from(await packed.arrayBuffer()));
  } finally {
    await database.close();
  }
}
