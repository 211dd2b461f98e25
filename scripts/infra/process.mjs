// Child processes, PID files, ports and waiting: the OS-facing helpers shared by every service.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDirs, HOST, paths } from './config.mjs';

export class InfraError extends Error {}

export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** Runs a command to completion, capturing its output. Never rejects for a non-zero exit. */
export function run(command, args, options = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolvePromise({ code: -1, output: `${output}${error.message}` }));
    child.on('close', (code) => resolvePromise({ code: code ?? -1, output }));
  });
}

export function readPid(name) {
  try {
    const pid = Number.parseInt(readFileSync(paths.pid(name), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function removePid(name) {
  rmSync(paths.pid(name), { force: true });
}

/** Alive and still the program we started (a recycled PID running something else does not count). */
export function isOurProcess(pid, marker) {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return cmdline.includes(marker) && state !== 'Z';
  } catch {
    return true; // no /proc (macOS): signal 0 succeeding is the best evidence available
  }
}

/** Starts a long-running process that outlives this script, output appended to its log file. */
export function spawnDetached(name, command, args, options = {}) {
  ensureDirs(paths.logs, paths.pids);
  const logFile = paths.log(name);
  // Logs are appended across runs; keep one previous generation once they grow large.
  if (existsSync(logFile) && statSync(logFile).size > 20 * 1024 * 1024) renameSync(logFile, `${logFile}.1`);
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n=== ${new Date().toISOString()} starting ${name}: ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  child.on('error', () => {}); // reported through exitCode/pid checks in waitUntil
  if (child.pid === undefined) throw new InfraError(`${name}: could not start ${command}`);
  writeFileSync(paths.pid(name), `${child.pid}\n`);
  return child;
}

/** SIGTERM, wait for exit, SIGKILL after the timeout; removes the PID file either way. */
export async function stopProcess(name, marker, timeoutMs) {
  const pid = readPid(name);
  if (!isOurProcess(pid, marker)) {
    removePid(name);
    return 'not running';
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, marker)) {
      removePid(name);
      return `stopped (pid ${pid})`;
    }
    await sleep(200);
  }
  process.kill(pid, 'SIGKILL');
  removePid(name);
  return `killed after ${timeoutMs / 1000}s (pid ${pid})`;
}

/**
 * Brings a service up once: waits for the process an earlier `up` started, leaves alone one that
 * already answers (not ours to stop), or starts it. Returns what it found, for the status line.
 */
export async function ensureRunning({ name, marker, answers, answersQuietly, timeoutMs, start }) {
  const pid = readPid(name);
  if (isOurProcess(pid, marker)) {
    // Started by an earlier `up`; it may still be booting.
    await waitUntil(name, answers, { timeoutMs, logFile: paths.log(name) });
    return `running, pid ${pid}`;
  }
  removePid(name);
  if (await answersQuietly()) return 'already answering, not started by infra';
  return `started, pid ${await start()}`;
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `probe` until it resolves truthy. Fails early if `child` exits, and on timeout; both errors
 * name the service and carry the last lines of its log.
 */
export async function waitUntil(service, probe, { timeoutMs, child, logFile, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not answering';
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const exited = child && (child.exitCode !== null || child.signalCode !== null);
    if (exited || Date.now() > deadline) {
      const why = exited
        ? `exited (${child.exitCode ?? child.signalCode}) before it was ready`
        : `not ready after ${timeoutMs / 1000}s (last error: ${lastError})`;
      const log = logFile ? `\n--- last lines of ${logFile} ---\n${tail(logFile)}` : '';
      throw new InfraError(`${service} ${why}${log}`);
    }
    await sleep(intervalMs);
  }
}

export function isPortFree(port) {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolvePromise(true)));
  });
}

/** The preferred port when free, otherwise one the OS hands out. */
export async function choosePort(preferred, taken = []) {
  if (!taken.includes(preferred) && (await isPortFree(preferred))) return preferred;
  for (;;) {
    const port = await new Promise((resolvePromise, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen({ port: 0, host: HOST }, () => {
        const address = server.address();
        server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port && !taken.includes(port)) return port;
  }
}

export function errorMessage(error) {
  if (error instanceof AggregateError) return error.errors.map(errorMessage).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

export function javaCommand() {
  const fromHome = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined;
  return fromHome && existsSync(fromHome) ? fromHome : 'java';
}
