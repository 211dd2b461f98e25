// Postgres and Redis are the machine's own services: started here if installed and stopped, never
// stopped by `down`.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import Redis from 'ioredis';
import { ensureDirs, HOST, paths, postgres, redis, timeouts } from './config.mjs';
import { InfraError, run, waitUntil, which } from './process.mjs';

const PG_URL = `postgres://${postgres.user}@${HOST}:${postgres.port}`;

async function withPg(database, fn) {
  const client = new pg.Client({ connectionString: `${PG_URL}/${database}`, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const pgAnswers = () => withPg('postgres', async (c) => (await c.query('select 1')).rowCount === 1);

async function startPostgres() {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  if (!which('pg_ctlcluster') || versions.length === 0) {
    throw new InfraError(
      `postgres is not answering on ${HOST}:${postgres.port} and no local cluster was found to start ` +
        '(looked for pg_ctlcluster and /etc/postgresql/<version>). Install PostgreSQL or start it.',
    );
  }
  const version = versions.sort((a, b) => Number(b) - Number(a))[0];
  const args = ['--skip-systemctl-redirect', version, 'main', 'start'];
  const { code, output } = await run('pg_ctlcluster', args);
  if (code !== 0) throw new InfraError(`postgres: pg_ctlcluster ${args.join(' ')} failed:\n${output.trim()}`);
  return `/var/log/postgresql/postgresql-${version}-main.log`;
}

export async function upPostgres() {
  let detail = 'system service';
  let logFile;
  if (!(await pgAnswers().catch(() => false))) {
    logFile = await startPostgres();
    detail = 'system service, started';
  }
  await waitUntil('postgres', pgAnswers, { timeoutMs: timeouts.postgresMs, logFile });
  await withPg('postgres', async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [postgres.database]);
    if (rowCount === 0) {
      await c.query(`create database "${postgres.database}"`).catch((error) => {
        if (error?.code !== '42P04') throw error; // created concurrently: fine
      });
      detail += `, created database ${postgres.database}`;
    }
  });
  return { endpoint: `${PG_URL}/${postgres.database}`, detail };
}

export async function statusPostgres() {
  const up = await pgAnswers().catch(() => false);
  return { endpoint: `${PG_URL}/${postgres.database}`, up, detail: up ? 'system service' : 'not answering' };
}

async function redisAnswers() {
  const client = new Redis({
    host: HOST,
    port: redis.port,
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

function writable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function startRedis() {
  if (!which('redis-server')) {
    throw new InfraError(
      `redis is not answering on ${HOST}:${redis.port} and redis-server is not installed. Install Redis or start it.`,
    );
  }
  // The machine's usual places when we may write there, else the git-ignored .infra/.
  const system = writable('/var/lib/redis') && writable('/var/log/redis');
  const dir = system ? '/var/lib/redis' : `${paths.infra}/redis`;
  const logfile = system ? '/var/log/redis/ci.log' : paths.log('redis');
  ensureDirs(dir, paths.logs);
  const args = ['--daemonize', 'yes', '--bind', HOST, '-::1', '--port', String(redis.port), '--save', ''];
  args.push('--appendonly', 'no', '--dir', dir, '--logfile', logfile);
  const { code, output } = await run('redis-server', args);
  if (code !== 0) throw new InfraError(`redis: redis-server ${args.join(' ')} failed:\n${output.trim()}`);
  return logfile;
}

export async function upRedis() {
  let detail = 'system service';
  let logFile;
  if (!(await redisAnswers().catch(() => false))) {
    logFile = await startRedis();
    detail = 'system service, started';
  }
  await waitUntil('redis', redisAnswers, { timeoutMs: timeouts.redisMs, logFile });
  return { endpoint: `redis://${HOST}:${redis.port}`, detail };
}

export async function statusRedis() {
  const up = await redisAnswers().catch(() => false);
  return { endpoint: `redis://${HOST}:${redis.port}`, up, detail: up ? 'system service' : 'not answering' };
}
