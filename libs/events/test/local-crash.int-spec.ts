import { Topics, UsageEventV1 } from '@gatehouse/contracts';
import { createLogger } from '@gatehouse/logging';
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalEventBus } from '../src/local/local-event-bus';
import { usageDeadLetters, usageSegments } from './journal-files';
import { numberedUsageEvent, usageEvent } from './usage-fixture';
import { waitFor } from './wait-for';

const HOOKS = pathToFileURL(join(__dirname, 'fixtures', 'ts-hooks.ts')).href;
const PUBLISHER = join(__dirname, 'fixtures', 'publish-until-killed.ts');
const KILL_AFTER = 3_000;

/** Runs the publisher until it reports KILL_AFTER returned publishes, SIGKILLs it; the last number it reported. */
function publishUntilKilled(directory: string, segmentBytes: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--import', HOOKS, PUBLISHER, directory, String(segmentBytes)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let reported = 0;
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    if (lines.length > 0) reported = Number(lines.at(-1));
    if (reported >= KILL_AFTER && child.exitCode === null) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`the publisher exited (${code ?? signal}) before it was killed: ${stderr}`));
    });
  });
}

describe('LocalEventBus after a kill -9 of the publishing process', () => {
  const logger = createLogger('events-crash', 'silent');
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-events-crash-'));
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('delivers every event whose publish had returned, exactly as published, and drops a torn last line', async () => {
    const reported = await publishUntilKilled(directory, 16 * 1024);
    expect(reported).toBeGreaterThanOrEqual(KILL_AFTER);
    const segments = await usageSegments(directory);
    expect(segments.length).toBeGreaterThan(1);
    // What a kill in the middle of a write would leave: a line without its newline.
    await appendFile(segments.at(-1)!, '{"schema":"usage.v1","event_id":"00000000-0000-4000-8000-');

    const bus = await LocalEventBus.open(directory, logger);
    const received: UsageEventV1[] = [];
    try {
      const consumer = bus.consume({
        topic: Topics.UsageV1,
        groupId: 'after-crash',
        handle: (events) => Promise.resolve(void received.push(...events)),
        runningMessage: 'reading after the crash',
      });
      await consumer.running;
      const sentinel = usageEvent('sentinel');
      bus.publish(Topics.UsageV1, 'sentinel', sentinel, sentinel.traceparent);
      await waitFor('the sentinel', () => received.some((event) => event.request_id === 'sentinel'));
      await consumer.stop();
    } finally {
      await bus.close();
    }

    const beforeSentinel = received.slice(
      0,
      received.findIndex((event) => event.request_id === 'sentinel'),
    );
    // Publishes that returned after the last number reached the parent may be there too, never fewer.
    expect(beforeSentinel.length).toBeGreaterThanOrEqual(reported);
    expect(beforeSentinel).toEqual(beforeSentinel.map((_, i) => numberedUsageEvent(i + 1)));
    expect(received.at(-1)?.request_id).toBe('sentinel');
    expect(await usageDeadLetters(directory)).toEqual([]);
  });
});
