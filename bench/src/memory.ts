import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  process: string;
  pid: number;
  /** Resident set size in MiB; NaN when the process is gone, which the report shows as a missing figure. */
  rssMiB: number;
}

/** VmRSS from /proc/<pid>/status (Linux), which the kernel gives in kB (KiB). */
function residentMiB(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The resident memory of each named process, now. */
export function residentMemory(pids: ReadonlyMap<number, string>): ProcessMemory[] {
  return [...pids].map(([pid, process]) => ({ process, pid, rssMiB: residentMiB(pid) }));
}

/** Sum over the processes; NaN if any is missing, so that a lost process cannot pass for a small one. */
export function totalMiB(memory: ProcessMemory[]): number {
  return memory.reduce((sum, entry) => sum + entry.rssMiB, 0);
}
