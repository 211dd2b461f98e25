import { startContainerInfra } from './container-infra';
import { chooseInfraMode } from './docker-detect';
import { Isolation } from './isolation';
import { startLocalInfra } from './local-infra';
import { Infra, InfraBackend } from './types';

// One backend per process (for Jest: per test file), shared by every startInfra() call in it and
// released when the last caller stops.
let backend: Promise<InfraBackend> | undefined;
let users = 0;

async function acquire(): Promise<InfraBackend> {
  backend ??= chooseInfraMode().then((mode) => (mode === 'containers' ? startContainerInfra() : startLocalInfra()));
  try {
    const started = await backend;
    users += 1;
    return started;
  } catch (error) {
    backend = undefined; // let a later call try again
    throw error;
  }
}

async function release(started: InfraBackend): Promise<void> {
  users -= 1;
  if (users > 0) return;
  backend = undefined;
  await started.release();
}

/**
 * Real Postgres, Redis, Kafka and S3 for an integration suite: containers when a Docker engine
 * answers, the local services of `npm run infra:up` otherwise (GATEHOUSE_INFRA=local|containers
 * overrides). Call `stop()` in afterAll.
 */
export async function startInfra(): Promise<Infra> {
  const started = await acquire();
  const isolation = new Isolation(started.endpoints);
  let stopped: Promise<void> | undefined;
  return {
    ...started.endpoints,
    mode: started.mode,
    createDatabase: (prefix) => isolation.createDatabase(prefix),
    topicPrefix: () => isolation.topicPrefix(),
    createTopics: (prefix) => isolation.createTopics(prefix),
    keyPrefix: () => isolation.keyPrefix(),
    stop: () => {
      stopped ??= isolation.cleanup().finally(() => release(started));
      return stopped;
    },
  };
}
