// PGlite on a thread of its own: Postgres runs as WebAssembly, synchronously, for as long as a
// statement takes; here that time is not taken from the requests on the main thread.
//
// Loaded by Node itself (compiled, or with its types stripped under Jest), so it imports packages
// and built-ins only, and uses no TypeScript-only syntax that needs transforming.
import { PGlite } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSettings } from './pglite-messages';

const port = parentPort!;
const settings = workerData as WorkerSettings;

async function open(): Promise<PGlite | undefined> {
  // Kept only until Postgres is up: they say why a start failed.
  let stderr: string[] | undefined = [];
  try {
    const pglite = await PGlite.create({
      dataDir: settings.dataDir,
      loadDataDir: settings.template ? new Blob([settings.template]) : undefined,
      startParams: [...PGlite.defaultStartParams, ...settings.postgresSettings.flatMap((setting) => ['-c', setting])],
      onStderr: (line) => {
        stderr?.push(line);
        return true;
      },
    });
    stderr = undefined;
    post({ kind: 'ready' });
    return pglite;
  } catch (error) {
    post({ kind: 'failed', message: String(error), stderr: stderr ?? [] });
    return undefined;
  }
}

function post(message: FromWorker): void {
  port.postMessage(message);
}

function serve(pglite: PGlite): void {
  // One at a time and in order: the main thread matches replies to requests by order.
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    queue = queue.then(async () => {
      if (message.kind === 'close') {
        await pglite.close();
        post({ kind: 'closed' });
        port.close();
        return;
      }
      try {
        post({ kind: 'reply', bytes: await pglite.execProtocolRaw(message.bytes) });
      } catch (error) {
        post({ kind: 'error', message: String(error) });
      }
    });
  });
}

void open().then((pglite) => (pglite ? serve(pglite) : port.close()));
