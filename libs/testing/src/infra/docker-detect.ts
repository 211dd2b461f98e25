import { InfraMode } from './types';

const DETECT_TIMEOUT_MS = 3000;

/**
 * Containers when a Docker engine answers, local services otherwise. GATEHOUSE_INFRA=local|containers
 * overrides the detection.
 */
export async function chooseInfraMode(override = process.env.GATEHOUSE_INFRA): Promise<InfraMode> {
  if (override === 'local' || override === 'containers') return override;
  if (override) throw new Error(`GATEHOUSE_INFRA must be "local" or "containers", not "${override}"`);
  return (await containerRuntimeAnswers()) ? 'containers' : 'local';
}

/** Asks testcontainers itself, so the answer matches what it would do; bounded by a short timeout. */
export async function containerRuntimeAnswers(timeoutMs = DETECT_TIMEOUT_MS): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const detected = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([detected, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
