import { APPS, Composition, DEFAULT_PORTS, ProcessName } from './apps';
import { AppProcess } from './app-process';
import { freePort } from './free-port';

export interface LaunchOptions {
  distRoot: string;
  /** `services` (the default): the six apps, each its own process; `standalone`: one process. */
  composition?: Composition;
  /** Base environment for every app (infra endpoints, GATEHOUSE_CONFIG, master key…). */
  env: NodeJS.ProcessEnv;
  /** Give every app a free port instead of the defaults, so several gateways can run at once. */
  freePorts?: boolean;
  logDir?: string;
  readyTimeoutMs?: number;
  /** Extra HTTP front processes on their own ports, as behind a load balancer. */
  extraEdgeReplicas?: number;
}

export interface RunningGateway {
  composition: Composition;
  /** The HTTP base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  env: NodeJS.ProcessEnv;
  /** Every process, by what it runs: the six apps, or `standalone` alone. */
  apps: Map<ProcessName, AppProcess>;
  /** The extra replicas' base URLs, in order. */
  replicaUrls: string[];
  stop(): Promise<void>;
}

/** Every app's address, spelled out so that the apps and their clients agree on it. */
async function portEnv(options: LaunchOptions): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {};
  for (const [variable, fallback] of Object.entries(DEFAULT_PORTS)) {
    if (options.env[variable] && !options.freePorts) continue;
    const port = options.freePorts ? await freePort() : fallback;
    env[variable] = variable === 'GATEHOUSE_PORT' ? String(port) : `127.0.0.1:${port}`;
  }
  return env;
}

/**
 * Starts the gateway in the chosen composition and resolves when every process has said it is
 * ready. Extra replicas are edge-api processes (services) or more standalone processes sharing the
 * same Postgres, Redis and Kafka.
 */
export async function launchGateway(options: LaunchOptions): Promise<RunningGateway> {
  const composition = options.composition ?? 'services';
  const env: NodeJS.ProcessEnv = { ...options.env, ...(await portEnv(options)) };
  const port = env.GATEHOUSE_PORT ?? '4000';
  const apps = new Map<ProcessName, AppProcess>();
  const replicas: AppProcess[] = [];
  const replicaUrls: string[] = [];
  const start = (app: ProcessName, appEnv = env) =>
    new AppProcess({ app, distRoot: options.distRoot, env: appEnv, logDir: options.logDir });
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await Promise.all([...apps.values()].reverse().map((app) => app.stop()));
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const front: ProcessName = composition === 'standalone' ? 'standalone' : 'edge-api';
  try {
    for (const name of composition === 'standalone' ? (['standalone'] as const) : APPS) apps.set(name, start(name));
    await Promise.all([...apps.values()].map((app) => app.whenReady(deadline)));
    for (let i = 0; i < (options.extraEdgeReplicas ?? 0); i++) {
      const replicaPort = await freePort();
      const replica = start(front, { ...env, GATEHOUSE_PORT: String(replicaPort) });
      replicas.push(replica);
      await replica.whenReady(deadline);
      replicaUrls.push(`http://127.0.0.1:${replicaPort}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { composition, url: `http://127.0.0.1:${port}`, env, apps, replicaUrls, stop };
}
