#!/usr/bin/env node
// Local infrastructure without Docker: `up` starts (or finds) Postgres, Redis, a KRaft Kafka and an
// S3-compatible server on loopback and writes their endpoints to .env.infra; `down` stops what `up`
// started (never the machine's own Postgres or Redis); `status` reports each service.
//   node scripts/infra/infra.mjs up|down|status        (npm run infra:up / infra:down)
import { realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { endpoints, loadState, paths, ROOT, writeEnvFile } from './config.mjs';
import { downKafka, statusKafka, upKafka } from './kafka.mjs';
import { withLock } from './lock.mjs';
import { errorMessage, InfraError } from './process.mjs';
import { downS3, statusS3, upS3 } from './s3.mjs';
import { statusPostgres, statusRedis, upPostgres, upRedis } from './system-services.mjs';

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const line = (name, state, text) => console.log(`infra: ${name.padEnd(8)} ${state.padEnd(7)} ${text}`);

/** Brings every service up; resolves with the endpoints written to .env.infra, rejects naming each failure. */
export function up() {
  return withLock(async () => {
    const started = Date.now();
    const state = loadState();
    const services = { postgres: upPostgres, redis: upRedis, kafka: upKafka, s3: upS3 };
    const results = await Promise.allSettled(
      Object.entries(services).map(async ([name, upService]) => {
        const since = Date.now();
        const { endpoint, detail } = await upService(state);
        line(name, 'ready', `${endpoint}  (${detail}; ${seconds(since)})`);
      }),
    );
    const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    if (failures.length > 0) {
      throw new InfraError(failures.map((f) => (f instanceof InfraError ? f.message : errorMessage(f))).join('\n\n'));
    }
    writeEnvFile(state);
    console.log(`infra: wrote ${relative(ROOT, paths.envFile)} (up in ${seconds(started)})`);
    return endpoints(state);
  });
}

export function down() {
  return withLock(async () => {
    const [kafka, s3] = await Promise.all([downKafka(), downS3()]);
    line('kafka', '', kafka);
    line('s3', '', s3);
    console.log('infra: postgres and redis are system services and were left running');
  });
}

/** Prints each service's state; resolves true when all four answer. */
export async function status() {
  const state = loadState();
  const checks = { postgres: statusPostgres, redis: statusRedis, kafka: statusKafka, s3: statusS3 };
  const results = await Promise.all(Object.values(checks).map((check) => check(state)));
  Object.keys(checks).forEach((name, i) => {
    const { endpoint, up: answering, detail } = results[i];
    line(name, answering ? 'up' : 'down', `${endpoint}  (${detail})`);
  });
  return results.every((r) => r.up);
}

const commands = { up, down, status };
const command = process.argv[2];

// Run as a command, not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  // kafkajs 2.2.4 schedules a negative timeout on Node 24, which only prints a warning:
  // https://github.com/tulios/kafkajs/issues/1751
  const [printWarning] = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (w) => w.name === 'TimeoutNegativeWarning' || printWarning?.(w));
  if (!Object.hasOwn(commands, command)) {
    console.error('usage: node scripts/infra/infra.mjs up|down|status');
    process.exit(2);
  }
  try {
    const result = await commands[command]();
    // Clients (kafkajs, the AWS SDK) can leave sockets in keep-alive; the work is done.
    process.exit(result === false ? 1 : 0);
  } catch (error) {
    console.error(`infra ${command} failed:\n${error instanceof InfraError ? error.message : error?.stack}`);
    process.exit(1);
  }
}
