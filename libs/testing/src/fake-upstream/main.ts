import { startFakeUpstream } from './server';

// Runs the fake as a standalone process for benchmarks and local gateway runs.
function intFromEnv(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

async function main(): Promise<void> {
  const latencyMs = intFromEnv('FAKE_UPSTREAM_LATENCY_MS', undefined);
  const chunks = intFromEnv('FAKE_UPSTREAM_CHUNKS', undefined);
  const upstream = await startFakeUpstream({
    port: intFromEnv('FAKE_UPSTREAM_PORT', 9100),
    host: process.env.FAKE_UPSTREAM_HOST || '127.0.0.1',
    apiKey: process.env.FAKE_UPSTREAM_API_KEY || undefined,
    defaults: {
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(chunks === undefined ? {} : { chunks }),
    },
    // A long-running benchmark target must not grow without bound.
    maxLoggedRequests: 0,
  });
  console.log(`fake-upstream listening on ${upstream.url} (OpenAI base URL ${upstream.baseUrl})`);
  const stop = (): void => {
    upstream.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
