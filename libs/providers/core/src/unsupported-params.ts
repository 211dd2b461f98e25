import { GatewayFailure } from '@gatehouse/errors';
import { DeploymentTarget } from './provider-adapter';

/**
 * Keeps only the request fields a provider honours. Anything else set (not null/undefined) is a
 * 400 naming it, unless the deployment has `drop_params`, in which case it is removed and listed
 * so the caller can log it. Never a silent loss.
 */
export function keepSupported<T extends object>(
  request: T,
  supported: ReadonlySet<string>,
  target: Pick<DeploymentTarget, 'dropParams' | 'provider'>,
): { request: T; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(request)) {
    if (supported.has(key)) kept[key] = value;
    else if (value !== undefined && value !== null) dropped.push(key);
  }
  if (dropped.length > 0 && !target.dropParams) {
    throw new GatewayFailure(
      'bad_request',
      `parameter '${dropped[0]}' is not supported by provider '${target.provider}' (set drop_params: true to drop it)`,
      { param: dropped[0], code: 'unsupported_parameter' },
    );
  }
  return { request: kept as T, dropped };
}
