// s3proxy on loopback with its filesystem backend: an S3-compatible store under .infra/s3/data.
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureDirs, HOST, javaOptions, paths, preferredPorts, s3, saveState, timeouts } from './config.mjs';
import { writeAtomically } from './config.mjs';
import { ensureJars, ensureJava } from './jars.mjs';
import { choosePort, InfraError, isOurProcess, isPortFree, readPid } from './process.mjs';
import { ensureRunning, spawnDetached, stopProcess, waitUntil } from './process.mjs';

const NAME = 's3proxy';
const MARKER = 'org.gaul.s3proxy.Main';

function properties(port) {
  return [
    `s3proxy.endpoint=http://${HOST}:${port}`,
    's3proxy.authorization=aws-v2-or-v4',
    `s3proxy.identity=${s3.accessKeyId}`,
    `s3proxy.credential=${s3.secretAccessKey}`,
    'jclouds.provider=filesystem',
    `jclouds.filesystem.basedir=${paths.s3Data}`,
    '',
  ].join('\n');
}

function client(port) {
  return new S3Client({
    endpoint: `http://${HOST}:${port}`,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 },
  });
}

async function answers(port) {
  const s3Client = client(port);
  try {
    await s3Client.send(new ListBucketsCommand({}));
    return true;
  } finally {
    s3Client.destroy();
  }
}

async function answersQuietly(port) {
  return answers(port).catch(() => false);
}

async function ensureBucket(port) {
  const s3Client = client(port);
  try {
    await s3Client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
  } catch (error) {
    if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error?.name)) throw error;
  } finally {
    s3Client.destroy();
  }
}

async function start(state) {
  if (!state.s3) {
    state.s3 = { port: await choosePort(preferredPorts.s3) };
    saveState(state);
  }
  const { port } = state.s3;
  if (!(await isPortFree(port))) {
    throw new InfraError(
      `s3proxy: port ${port} on ${HOST} is taken by another program (not an answering S3). Stop it, or ` +
        `delete .infra/state.json to choose a new port.`,
    );
  }
  const java = await ensureJava(); // first: Maven needs it too
  const classpath = await ensureJars('s3proxy');
  ensureDirs(paths.s3Data);
  writeAtomically(paths.s3Properties, properties(port));
  const logging = `-Dlogback.configurationFile=${paths.s3proxyLogback}`;
  const args = [...javaOptions.s3proxy, logging, '-cp', classpath, MARKER, '--properties', paths.s3Properties];
  const child = spawnDetached(NAME, java, args, { cwd: paths.s3 });
  await waitUntil(NAME, () => answers(port), { timeoutMs: timeouts.s3Ms, child, logFile: paths.log(NAME) });
  return child.pid;
}

export async function upS3(state) {
  const port = state.s3?.port ?? preferredPorts.s3;
  const detail = await ensureRunning({
    name: NAME,
    marker: MARKER,
    answers: () => answers(port),
    answersQuietly: () => answersQuietly(port),
    timeoutMs: timeouts.s3Ms,
    start: () => start(state),
  });
  await ensureBucket(state.s3?.port ?? port);
  return { endpoint: `http://${HOST}:${state.s3?.port ?? port}`, detail };
}

export async function statusS3(state) {
  const port = state.s3?.port ?? preferredPorts.s3;
  const pid = readPid(NAME);
  const ours = isOurProcess(pid, MARKER);
  const up = await answersQuietly(port);
  const owner = ours ? `pid ${pid}` : 'not started by infra';
  return {
    endpoint: `http://${HOST}:${port}`,
    up,
    detail: up ? owner : ours ? `pid ${pid}, not answering` : 'stopped',
  };
}

export function downS3() {
  return stopProcess(NAME, MARKER, timeouts.stopMs);
}
