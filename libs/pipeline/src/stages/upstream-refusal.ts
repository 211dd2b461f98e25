import { GatewayFailure } from '@gatehouse/errors';
import { RoutedDeployment } from '../catalog/model-catalog';

const CREDENTIAL_KINDS: ReadonlySet<string> = new Set(['authentication', 'permission_denied']);

/**
 * A provider refusing the gateway's own credentials is the operator's problem, not the caller's: a
 * 401 would tell the client its key is wrong. It becomes a 502 naming the deployment, so whoever
 * reads it knows which provider key to fix. Any other failure passes through as it is.
 */
export function upstreamRefusal(error: unknown, deployment: RoutedDeployment): unknown {
  if (!(error instanceof GatewayFailure) || !CREDENTIAL_KINDS.has(error.kind)) return error;
  return new GatewayFailure(
    'upstream',
    `deployment '${deployment.id}' (${deployment.provider}) refused the gateway's credentials: ` +
      'its provider key needs fixing in the gateway config',
    { upstreamStatus: error.details.upstreamStatus },
  );
}
