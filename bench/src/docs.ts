import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { Run, totalFailures } from './compare';
import { DISTURBED_CORES, runTables } from './report';
import { Protocol } from './suite';
import { verdictTable } from './verdict';
import { Environment } from './versions';

const START = '<!-- bench:results:start (written by bench/, do not edit by hand) -->';
const END = '<!-- bench:results:end -->';

export interface Report {
  environment: Environment;
  protocol: Protocol;
  command: string;
  startedAt: Date;
  runs: Run[];
}

function protocolText(p: Protocol): string {
  return (
    `- Protocol per target and scenario: one fully checked request, ${p.warmupSeconds} s warm-up at ` +
    `${p.connections} connections, a wait (at most ${p.settleSeconds} s) until the processes are quiet again, ` +
    `${p.lowSeconds} s at 1 connection, ${p.loadSeconds} s at ${p.connections} connections, the same wait, then ` +
    "each of the target's processes' RSS (VmRSS from /proc). Targets run one after another, each gateway " +
    'started fresh for its turn and stopped after it.'
  );
}

export function renderResults(report: Report): string {
  const { environment: env, protocol: p } = report;
  const failures = totalFailures(report.runs);
  return [
    `Measured ${report.startedAt.toISOString()} with \`${report.command}\`.`,
    '',
    `- Machine: ${env.cores} × ${env.cpu}, ${env.memoryGiB} GiB, ${env.kernel}. The load generator (autocannon, ` +
      'one process), the fake upstream (one process) and the target under test all share these cores: Gatehouse ' +
      'embedded (one process on its embedded backends, as `npm start` runs it), standalone (the same process on ' +
      'Postgres, Redis and Kafka) or services (six, on Postgres, Redis and Kafka); Portkey (one process); ' +
      'the bare node:http proxy (one process, the floor: it pipes bytes and parses nothing).',
    `- Versions: Node ${env.node}; Gatehouse ${env.gatehouse}; Portkey gateway ${env.portkey} ` +
      `(@hono/node-server ${env.honoNodeServer}); autocannon ${env.autocannon}.`,
    protocolText(p),
    `- Failures (non-2xx, connection errors, bodies failing the check, responses never checked) across all runs: ` +
      `**${failures}**. A failure while warming up stops the benchmark.`,
    '- Latency is to the last byte; "first byte" is to the first byte of the body (a stream\'s first chunk), both ' +
      "from writing the request, per response in float ms. Overheads are p50 minus the direct upstream's p50 " +
      'in the same run; "÷ Portkey" is req/s over Portkey\'s in the same scenario.',
    "- CPU ms per request: each process's CPU time during the full-load phase (/proc) over its good responses; " +
      'Postgres/Redis/Kafka as one column.',
    '- "other CPU": cores used during the phase by processes the benchmark did not start (other sessions on ' +
      `this shared machine), from /proc; above ${DISTURBED_CORES} it is flagged ⚠ and the row is suspect.`,
    '',
    ...report.runs.flatMap((run) => [`### Run ${run.index}`, '', runTables(run, p), '']),
    '### Against the targets',
    '',
    verdictTable(report.runs),
    '',
  ].join('\n');
}

const SKELETON = `# Benchmarks

${START}
${END}
`;

/**
 * Replaces the generated block of docs/benchmarks.md, keeping whatever was written around it, and
 * formats the file as `npm run format` would, so that the next run's diff shows only new numbers.
 */
export async function writeResults(path: string, report: Report): Promise<void> {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : SKELETON;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no ${START} … ${END} block to replace`);
  const next = `${current.slice(0, start + START.length)}\n${renderResults(report)}\n${current.slice(end)}`;
  writeFileSync(path, await format(next, { ...(await resolveConfig(path)), filepath: path }));
}
