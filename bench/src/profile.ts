import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The parts of V8's .cpuprofile (written by `node --cpu-prof`) that self time needs. */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  process: string;
  totalMs: number;
  busyMs: number;
  functions: [string, number][];
  packages: [string, number][];
  /** Self time charged to the nearest frame in a package or in our code, so writes and Node internals show who asked. */
  callers: [string, number][];
}

const USER_LAND = /\/(node_modules|dist)\//;

function frameName(frame: CallFrame): string {
  const file = frame.url.replace(/^.*\/(node_modules|dist)\//, '');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

/** For each node, the nearest node at or above it whose code is in a package or ours. */
function nearestUserLand(profile: CpuProfile): Map<number, CallFrame> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const nearest = new Map<number, CallFrame>();
  for (const node of profile.nodes) {
    let id: number | undefined = node.id;
    while (id !== undefined && !USER_LAND.test(frames.get(id)?.url ?? '')) id = parents.get(id);
    nearest.set(node.id, id === undefined ? node.callFrame : frames.get(id)!);
  }
  return nearest;
}

/** Where a function lives, coarse enough to add up: a package, one of our apps or libs, or Node itself. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const ours = /dist\/(apps|libs)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return url.split('/')[0];
  return url.replace(`file://${REPO_ROOT}/`, '');
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function top(map: Map<string, number>, count: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/** Self time per function, package and caller; samples in the first `skipMs` (start-up) are left out. */
export function summarise(file: string, processName: string, skipMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const nearest = nearestUserLand(profile);
  let totalUs = 0;
  let idleUs = 0;
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    elapsedUs += us;
    if (elapsedUs < skipMs * 1000) return;
    totalUs += us;
    if (!frame || frame.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    add(byFunction, frameName(frame), us);
    add(byPackage, owner(frame.url, frame.functionName), us);
    add(byCaller, frameName(nearest.get(id) ?? frame), us);
  });
  return {
    process: processName,
    totalMs: totalUs / 1000,
    busyMs: (totalUs - idleUs) / 1000,
    functions: top(byFunction, 15).map(([name, us]) => [name, us / 1000]),
    packages: top(byPackage, 10).map(([name, us]) => [name, us / 1000]),
    callers: top(byCaller, 15).map(([name, us]) => [name, us / 1000]),
  };
}

/** Every profile in `dir`, named by the pid in its file name (CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile). */
export function summariseDirectory(dir: string, pids: Map<number, string>, skipMs = 0): ProfileSummary[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => {
      const pid = Number(name.split('.')[3]);
      return summarise(join(dir, name), pids.get(pid) ?? `pid ${pid}`, skipMs);
    })
    .sort((a, b) => b.busyMs - a.busyMs);
}

export function renderProfiles(title: string, summaries: ProfileSummary[]): string {
  const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
  const sections = summaries.map((s) =>
    [
      `#### ${s.process}: not idle ${(s.busyMs / 1000).toFixed(1)} s of ${(s.totalMs / 1000).toFixed(1)} s`,
      '',
      '| self time by owner | ms | of busy |',
      '| --- | ---: | ---: |',
      ...s.packages.map(([name, value]) => `| ${name} | ${value.toFixed(0)} | ${pct(value, s.busyMs)} |`),
      '',
      '| top functions (self time) | ms | of busy |',
      '| --- | ---: | ---: |',
      ...s.functions.map(([name, value]) => `| \`${name}\` | ${value.toFixed(0)} | ${pct(value, s.busyMs)} |`),
      '',
      '| charged to the nearest package or app frame | ms | of busy |',
      '| --- | ---: | ---: |',
      ...s.callers.map(([name, value]) => `| \`${name}\` | ${value.toFixed(0)} | ${pct(value, s.busyMs)} |`),
      '',
    ].join('\n'),
  );
  return [`### ${title}`, '', ...sections].join('\n');
}
