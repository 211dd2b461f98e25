import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface NodeChildOptions {
  name: string;
  /** Script and its arguments, run with this Node binary. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** stdout and stderr both go here, so a failed start can be explained from its tail. */
  logFile: string;
}

const stoppers = new Set<() => Promise<void>>();

/** Registers something to stop if the benchmark is interrupted; call the returned function once it has stopped. */
export function stopOnInterrupt(stop: () => Promise<void>): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** On SIGINT or SIGTERM, stops every registered process before exiting, so none is left orphaned. */
export function handleInterrupts(): void {
  const interrupt = (signal: NodeJS.Signals): void => {
    console.error(`\n${signal}: stopping what the benchmark started`);
    void Promise.allSettled([...stoppers].map((stop) => stop())).then(() =>
      process.exit(128 + constants.signals[signal]),
    );
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
}

/** A Node process of its own (upstream, Portkey, the bare proxy), so it never shares the load generator's event loop. */
export class NodeChild {
  readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private running = true;

  constructor(readonly options: NodeChildOptions) {
    const log = openSync(options.logFile, 'a');
    this.child = spawn(process.execPath, options.args, { env: options.env, stdio: ['ignore', log, log] });
    closeSync(log);
    const forget = stopOnInterrupt(() => this.stop());
    this.exited = new Promise((resolve) =>
      this.child.once('exit', () => {
        this.running = false;
        forget();
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return this.running;
  }

  logTail(lines = 20): string {
    return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /** SIGTERM (which lets --cpu-prof write its profile), then SIGKILL if it lingers. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once the child accepts connections on the port; fails fast, with its output, if it exits. */
export async function waitForPort(child: NodeChild, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.alive) throw new Error(`${child.options.name} exited before listening:\n${child.logTail()}`);
    if (await portAnswers(port)) return;
    await sleep(100);
  }
  throw new Error(`${child.options.name} did not listen on ${port} in ${timeoutMs} ms:\n${child.logTail()}`);
}
