import { readdirSync, readFileSync } from 'node:fs';

/**
 * Who used the CPU during a phase, from /proc (Linux). The machine is shared: work that is neither the
 * benchmark's processes nor the data services (someone's tests, a build) would skew the numbers, so it
 * is measured and reported beside them rather than assumed away.
 */
export interface CpuUse {
  /** All in cores (1 = one core busy for the whole phase). */
  machine: number;
  /** This process and its descendants: load generator, upstream, gateway processes. */
  bench: number;
  /** Postgres, Redis and Kafka/S3 (Java), which other sessions may share. */
  services: number;
  /** The rest: nobody we started. */
  other: number;
  /** Each watched process (the target's), by name; part of `bench`. */
  processes: Record<string, number>;
}

interface Snapshot {
  atMs: number;
  machineTicks: number;
  benchTicks: number;
  serviceTicks: number;
  /** Ticks of each watched process, by pid; absent once it has exited. */
  watchedTicks: Map<number, number>;
}

const TICKS_PER_SECOND = 100; // USER_HZ on every Linux we run on
const SERVICES = new Set(['postgres', 'redis-server', 'java']);

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProc(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses; the fields after the last ')' are fixed.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      comm: text.slice(text.indexOf('(') + 1, close),
      // utime + stime, plus cutime + cstime: a process that exits (a Postgres backend) moves its time
      // into its parent's once reaped, so sums over live processes do not lose it.
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined; // exited while we looked
  }
}

/**
 * Busy ticks of the whole machine. Interrupt time is left out: loopback traffic's softirq work is not
 * charged to any process, so it would show our own load as someone else's. Steal (a noisy neighbour
 * on a VM) stays in.
 */
function machineBusyTicks(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , , , steal] = fields;
  return user + nice + system + steal;
}

function snapshot(watched: ReadonlyMap<number, string>): Snapshot {
  const procs = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(readProc)
    .filter((proc): proc is ProcStat => proc !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const proc of procs) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  let benchTicks = 0;
  const pending = procs.filter((proc) => proc.pid === process.pid);
  while (pending.length) {
    const proc = pending.pop()!;
    benchTicks += proc.ticks;
    pending.push(...(children.get(proc.pid) ?? []));
  }
  const serviceTicks = procs.filter((proc) => SERVICES.has(proc.comm)).reduce((sum, proc) => sum + proc.ticks, 0);
  const watchedTicks = new Map(procs.filter((proc) => watched.has(proc.pid)).map((proc) => [proc.pid, proc.ticks]));
  return { atMs: performance.now(), machineTicks: machineBusyTicks(), benchTicks, serviceTicks, watchedTicks };
}

/** Cores used by each watched process between two snapshots; one that exited meanwhile is left out. */
function perProcess(
  watched: ReadonlyMap<number, string>,
  before: Snapshot,
  after: Snapshot,
  cores: (ticks: number) => number,
) {
  const processes: Record<string, number> = {};
  for (const [pid, name] of watched) {
    const from = before.watchedTicks.get(pid);
    const to = after.watchedTicks.get(pid);
    if (from !== undefined && to !== undefined) processes[name] = (processes[name] ?? 0) + cores(to - from);
  }
  return processes;
}

/** Starts watching; the returned function tells how the CPU was used since, `watched` processes one by one. */
export function watchCpu(watched: ReadonlyMap<number, string> = new Map()): () => CpuUse {
  const before = snapshot(watched);
  return () => {
    const after = snapshot(watched);
    const cores = (ticks: number): number => ticks / TICKS_PER_SECOND / ((after.atMs - before.atMs) / 1000);
    const machine = cores(after.machineTicks - before.machineTicks);
    const bench = cores(after.benchTicks - before.benchTicks);
    // Negative only when a service process went away (someone stopped Kafka), which the run should flag anyway.
    const services = Math.max(0, cores(after.serviceTicks - before.serviceTicks));
    const processes = perProcess(watched, before, after, cores);
    return { machine, bench, services, other: Math.max(0, machine - bench - services), processes };
  };
}

/** Below this (cores, the benchmark's processes plus the data services), background work has drained. */
const QUIET_CORES = 0.3;

/**
 * Waits until what the last burst queued (usage events consumed, spend written) has been worked off, so
 * it does not land in the next phase: one-second windows until one is quiet, at most `maxSeconds`.
 * Resolves with the seconds waited.
 */
export async function settle(maxSeconds: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const since = watchCpu();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const use = since();
    const waited = (performance.now() - started) / 1000;
    if (use.bench + use.services < QUIET_CORES || waited >= maxSeconds) return waited;
  }
}
