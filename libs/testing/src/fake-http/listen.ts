import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  port: number;
  /** Idempotent; also ends streams a test left stalled, so a suite never hangs on close. */
  close(): Promise<void>;
}

/** Puts a fake server on loopback, on a free port unless one is given. */
export async function listen(server: Server, options: { host?: string; port?: number } = {}): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
