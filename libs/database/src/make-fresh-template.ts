import { writeFreshTemplate } from './fresh-template';

// Run by scripts/build.sh after compiling: a first start then unpacks this instead of running initdb.
writeFreshTemplate().catch((error: unknown) => {
  process.stderr.write(`could not make the database template: ${String(error)}\n`);
  process.exit(1);
});
