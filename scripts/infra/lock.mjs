// One `up`/`down` at a time: parallel test workers may each run `up` when they find nothing answering.
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDirs, paths } from './config.mjs';
import { InfraError } from './process.mjs';

function holder() {
  try {
    return Number.parseInt(readFileSync(paths.lock, 'utf8'), 10);
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function withLock(fn, timeoutMs = 300_000) {
  ensureDirs(paths.infra);
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(paths.lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      const pid = holder();
      if (pid === undefined || !alive(pid)) {
        rmSync(paths.lock, { force: true }); // left by a process that died
        continue;
      }
      if (Date.now() > deadline) throw new InfraError(`another infra command (pid ${pid}) holds ${paths.lock}`);
      if (!announced) console.log(`infra: waiting for another infra command (pid ${pid}) to finish ...`);
      announced = true;
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    if (holder() === process.pid) rmSync(paths.lock, { force: true });
  }
}
