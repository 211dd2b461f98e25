import { APPS, AppName, DEFAULT_PORTS, GRPC_URL_VARIABLE } from './apps';
import { AppProcess } from './app-process';
import { freePort } from './free-port';
import { waitForLog, waitForPort } from './readiness';

export interface LaunchOptions {
  distRoot: string;
  /** Base environment for every app (infra endpoints, GATEHOUSE_CONFIG, master key…). */
  env: NodeJS.ProcessEnv;
  /** Give every app a free port instead of the defaults, so several gateways can run at once. */
  freePorts?: boolean;
  logDir?: string;
  readyTimeoutMs?: number;
  /** Extra edge-api processes on their own ports, as behind a load balancer. */
  extraEdgeReplicas?: number;
}

export interface RunningGateway {
  /** The edge-api base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  env: NodeJS.ProcessEnv;
  apps: Map<AppName, AppProcess>;
  /** The extra edge-api replicas' base URLs, in order. */
  replicaUrls: string[];
  stop(): Promise<void>;
}

/** Every app's address, spelled out so that readiness checks and clients agree on it. */
async function portEnv(options: LaunchOptions): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {};
  for (const [variable, fallback] of Object.entries(DEFAULT_PORTS)) {
    if (options.env[variable] && !options.freePorts) continue;
    const port = options.freePorts ? await freePort() : fallback;
    env[variable] = variable === 'GATEHOUSE_PORT' ? String(port) : `127.0.0.1:${port}`;
  }
  return env;
}

/** Starts all six apps in dependency order and resolves when each one is ready. */
export async function launchGateway(options: LaunchOptions): Promise<RunningGateway> {
  const env: NodeJS.ProcessEnv = { ...options.env, ...(await portEnv(options)) };
  const port = env.GATEHOUSE_PORT ?? '4000';
  const apps = new Map<AppName, AppProcess>();
  const replicas: AppProcess[] = [];
  const replicaUrls: string[] = [];
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await Promise.all([...apps.values()].reverse().map((app) => app.stop()));
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  try {
    for (const name of APPS)
      apps.set(name, new AppProcess({ app: name, distRoot: options.distRoot, env, logDir: options.logDir }));
    await Promise.all(
      APPS.map((name) => {
        const app = apps.get(name)!;
        if (name === 'edge-api') return waitForPort(app, `127.0.0.1:${port}`, deadline);
        if (name === 'usage-ledger') return waitForLog(app, 'usage-ledger consuming', deadline);
        return waitForPort(app, env[GRPC_URL_VARIABLE[name]!] ?? '', deadline);
      }),
    );
    for (let i = 0; i < (options.extraEdgeReplicas ?? 0); i++) {
      const replicaPort = await freePort();
      const replica = new AppProcess({
        app: 'edge-api',
        distRoot: options.distRoot,
        env: { ...env, GATEHOUSE_PORT: String(replicaPort) },
        logDir: options.logDir,
      });
      replicas.push(replica);
      await waitForPort(replica, `127.0.0.1:${replicaPort}`, deadline);
      replicaUrls.push(`http://127.0.0.1:${replicaPort}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, env, apps, replicaUrls, stop };
}
