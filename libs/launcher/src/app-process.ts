import { ReadyDetails, readyDetailsOf } from '@gatehouse/runtime';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ProcessName } from './apps';
import { nodeFlags } from './node-flags';

export interface AppProcessOptions {
  app: ProcessName;
  distRoot: string;
  env: NodeJS.ProcessEnv;
  /** Where each app's output goes; undefined means this process's own stdout/stderr. */
  logDir?: string;
}

/**
 * One app as a child process. It says it is ready over the IPC channel (libs/runtime's
 * `announceReady`), so readiness does not depend on what it logs or at which level.
 */
export class AppProcess {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  exitCode: number | null | undefined;
  ready = false;
  /** What the app said about itself when it became ready (e.g. its backends). */
  readyDetails: ReadyDetails = {};

  constructor(readonly options: AppProcessOptions) {
    const dir = options.app === 'standalone' ? 'standalone' : options.app;
    const main = join(options.distRoot, 'apps', dir, 'src', 'main.js');
    this.child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags(options.app), main], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const sink = options.logDir ? logFile(options.logDir, options.app) : undefined;
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (sink) sink.write(`${line}\n`);
        else process.stdout.write(`[${options.app}] ${line}\n`);
        this.lines.push(line);
        if (this.lines.length > 200) this.lines.shift();
      });
    }
    this.child.on('message', (message) => {
      const details = readyDetailsOf(message);
      if (!details) return;
      this.readyDetails = details;
      this.ready = true;
      this.notify();
    });
    this.child.on('exit', (code) => {
      this.exitCode = code;
      this.notify();
    });
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  recentOutput(): string {
    return this.lines.slice(-20).join('\n');
  }

  /** Resolves when the app says it is ready; fails if it exits first or the deadline passes. */
  whenReady(deadlineMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (this.ready) finish();
        else if (!this.alive) finish(this.notReady('exited'));
        else if (Date.now() >= deadlineMs) finish(this.notReady('was not ready in time'));
      };
      const timer = setTimeout(check, Math.max(0, deadlineMs - Date.now()));
      this.waiters.add(check);
      check();
    });
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private notify(): void {
    this.waiters.forEach((check) => check());
  }

  private notReady(why: string): Error {
    return new Error(`${this.options.app} ${why}; its last output:\n${this.recentOutput()}`);
  }
}

function logFile(dir: string, app: ProcessName) {
  mkdirSync(dir, { recursive: true });
  return createWriteStream(join(dir, `${app}.log`), { flags: 'a' });
}
