import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppProcess } from './app-process';

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the app accepts connections on host:port, failing fast if it exits first. */
export async function waitForPort(app: AppProcess, address: string, deadlineMs: number): Promise<void> {
  const [host, port] = splitAddress(address);
  while (Date.now() < deadlineMs) {
    if (!app.alive) throw notReady(app, 'exited');
    if (await portAnswers(host, port)) return;
    await sleep(100);
  }
  throw notReady(app, `did not listen on ${address} in time`);
}

/** For apps without a port of their own (usage-ledger): waits for a log line's `msg`. */
export async function waitForLog(app: AppProcess, message: string, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    if (!app.alive) throw notReady(app, 'exited');
    if (app.recentOutput().includes(`"msg":"${message}"`)) return;
    await sleep(100);
  }
  throw notReady(app, `did not log "${message}" in time`);
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '') || '127.0.0.1';
  return [host === '0.0.0.0' ? '127.0.0.1' : host, Number(address.slice(at + 1))];
}

function notReady(app: AppProcess, why: string): Error {
  return new Error(`${app.options.app} ${why}; its last output:\n${app.recentOutput()}`);
}
