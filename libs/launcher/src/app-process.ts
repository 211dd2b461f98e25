import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppName } from './apps';

export interface AppProcessOptions {
  app: AppName;
  distRoot: string;
  env: NodeJS.ProcessEnv;
  /** Where each app's output goes; undefined means this process's own stdout/stderr. */
  logDir?: string;
}

/** One app as a child process, whose JSON log lines can be awaited. */
export class AppProcess {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  exitCode: number | null | undefined;

  constructor(readonly options: AppProcessOptions) {
    const main = join(options.distRoot, 'apps', options.app, 'src', 'main.js');
    this.child = spawn(process.execPath, ['--enable-source-maps', main], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sink = options.logDir ? logFile(options.logDir, options.app) : undefined;
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (sink) sink.write(`${line}\n`);
        else process.stdout.write(`[${options.app}] ${line}\n`);
        this.lines.push(line);
        if (this.lines.length > 200) this.lines.shift();
        this.waiters.forEach((notify) => notify());
      });
    }
    this.child.on('exit', (code) => {
      this.exitCode = code;
      this.waiters.forEach((notify) => notify());
    });
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  recentOutput(): string {
    return this.lines.slice(-20).join('\n');
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

function logFile(dir: string, app: AppName) {
  mkdirSync(dir, { recursive: true });
  return createWriteStream(join(dir, `${app}.log`), { flags: 'a' });
}
