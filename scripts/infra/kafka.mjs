// A single-node KRaft Kafka (broker and controller in one JVM) on loopback, plus the shared topics.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  ensureDirs,
  HOST,
  javaOptions,
  paths,
  preferredPorts,
  saveState,
  timeouts,
  TOPICS,
  writeAtomically,
} from './config.mjs';
import { ensureJars, ensureJava } from './jars.mjs';
import { choosePort, InfraError, isOurProcess, isPortFree, readPid, run } from './process.mjs';
import { ensureRunning, spawnDetached, stopProcess, waitUntil } from './process.mjs';

const NAME = 'kafka';
const MARKER = 'kafka.Kafka';

function serverProperties({ port, controllerPort }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=${HOST}:${controllerPort}`,
    `listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${paths.kafkaData}`,
    // One node: every internal topic has a single replica.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Tests join consumer groups constantly; the default 3s initial delay would slow every one.
    'group.initial.rebalance.delay.ms=0',
    // Topics come from the registry only, as in production.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'num.network.threads=2',
    'num.io.threads=4',
    'num.recovery.threads.per.data.dir=1',
    'log.retention.hours=72',
    '',
  ].join('\n');
}

function client(port) {
  return new Kafka({
    clientId: 'gatehouse-infra',
    brokers: [`${HOST}:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
}

async function answers(port) {
  const admin = client(port).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } finally {
    await admin.disconnect();
  }
}

async function answersQuietly(port) {
  return answers(port).catch(() => false);
}

/** Creates missing topics, then waits until every partition of every topic has a leader. */
async function ensureTopics(port) {
  const admin = client(port).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPICS.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) {
      const topics = missing.map((t) => ({ ...t, replicationFactor: 1 }));
      await admin.createTopics({ topics, waitForLeaders: true, timeout: 15_000 });
    }
    const names = TOPICS.map(({ topic }) => topic);
    const led = async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      return topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    };
    await waitUntil('kafka (topic leaders)', led, { timeoutMs: 30_000, logFile: paths.log(NAME) });
  } finally {
    await admin.disconnect();
  }
}

async function choosePorts(state) {
  const port = await choosePort(preferredPorts.kafka);
  const controllerPort = await choosePort(preferredPorts.kafkaController, [port]);
  // Kafka parses a cluster id that starts with '-' as a command-line flag.
  let clusterId;
  do clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-'));
  state.kafka = { port, controllerPort, clusterId };
  saveState(state);
}

async function format(java, classpath, { clusterId }) {
  if (existsSync(join(paths.kafkaData, 'meta.properties'))) return;
  const args = ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '--ignore-formatted'];
  args.push('-t', clusterId, '-c', paths.kafkaProperties, '--standalone');
  const { code, output } = await run(java, args);
  if (code !== 0) throw new InfraError(`kafka: formatting ${paths.kafkaData} failed:\n${output.trim()}`);
}

async function start(state) {
  if (!state.kafka) await choosePorts(state);
  const { port, controllerPort } = state.kafka;
  for (const p of [port, controllerPort]) {
    if (!(await isPortFree(p))) {
      throw new InfraError(
        `kafka: port ${p} on ${HOST} is taken by another program (not an answering Kafka). Stop it, or ` +
          `delete .infra/kafka and .infra/state.json to choose new ports.`,
      );
    }
  }
  const java = await ensureJava(); // first: Maven needs it too
  const classpath = await ensureJars('kafka');
  ensureDirs(paths.kafkaData);
  writeAtomically(paths.kafkaProperties, serverProperties(state.kafka));
  await format(java, classpath, state.kafka);
  const args = [...javaOptions.kafka, '-cp', classpath, MARKER, paths.kafkaProperties];
  const child = spawnDetached(NAME, java, args, { cwd: paths.kafka });
  await waitUntil(NAME, () => answers(port), { timeoutMs: timeouts.kafkaMs, child, logFile: paths.log(NAME) });
  return child.pid;
}

export async function upKafka(state) {
  const port = state.kafka?.port ?? preferredPorts.kafka;
  const detail = await ensureRunning({
    name: NAME,
    marker: MARKER,
    answers: () => answers(port),
    answersQuietly: () => answersQuietly(port),
    timeoutMs: timeouts.kafkaMs,
    start: () => start(state),
  });
  await ensureTopics(state.kafka?.port ?? port);
  return { endpoint: `${HOST}:${state.kafka?.port ?? port}`, detail };
}

export async function statusKafka(state) {
  const port = state.kafka?.port ?? preferredPorts.kafka;
  const pid = readPid(NAME);
  const ours = isOurProcess(pid, MARKER);
  const up = await answersQuietly(port);
  const owner = ours ? `pid ${pid}` : 'not started by infra';
  return { endpoint: `${HOST}:${port}`, up, detail: up ? owner : ours ? `pid ${pid}, not answering` : 'stopped' };
}

export function downKafka() {
  return stopProcess(NAME, MARKER, timeouts.stopMs);
}
