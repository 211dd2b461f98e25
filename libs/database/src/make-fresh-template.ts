import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { freshTemplatePath } from './fresh-template';

/** Initialises a database in memory and packs it as the template; does nothing when it exists. */
async function writeFreshTemplate(path = freshTemplatePath()): Promise<void> {
  if (existsSync(path)) return;
  const database = await PGlite.create();
  try {
    const packed = await database.dumpDataDir('gzip');
    await writeFile(path, Buffer.from(await packed.arrayBuffer()));
  } finally {
    await database.close();
  }
}

// Run by scripts/build.sh after compiling: a first start then unpacks this instead of running initdb.
writeFreshTemplate().catch((error: unknown) => {
  process.stderr.write(`could not make the database template: ${String(error)}\n`);
  process.exit(1);
});
