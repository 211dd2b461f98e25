import { runInThisContext } from 'node:vm';

type CreateRequire = (typeof import('node:module'))['createRequire'];

/**
 * Loads a package in Node's own context rather than Jest's sandbox. PGlite loads Node built-ins
 * with `import()`, which code in the sandbox cannot do unless Node runs with
 * `--experimental-vm-modules`.
 */
function hostRequire(id: string): unknown {
  const createRequire = runInThisContext('process.getBuiltinModule("node:module").createRequire') as CreateRequire;
  return createRequire(__filename)(id);
}

// Import this module first in a suite that opens PGlite: the mocks apply to every later import.
jest.mock('@electric-sql/pglite', () => hostRequire('@electric-sql/pglite'));
jest.mock('@electric-sql/pglite/node-postgres', () => hostRequire('@electric-sql/pglite/node-postgres'));
