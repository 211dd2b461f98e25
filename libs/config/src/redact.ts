import { GatewayConfig } from './gateway-config';
import { isPlainObject } from './plain-object';
import { isSecretKey, REDACTED, Secret } from './secret';

/** A copy of the config safe to log: every secret, and any credential inside a URL, shows as `[redacted]`. */
export function redactGatewayConfig(config: GatewayConfig): Record<string, unknown> {
  return redactRecord(config);
}

/** A copy of a loaded env safe to log, by the same rules. */
export function redactEnv(values: object): Record<string, unknown> {
  return redactRecord(values);
}

function redactRecord(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, key)]));
}

function redact(value: unknown, key?: string): unknown {
  if (value instanceof Secret) return REDACTED;
  if (value === undefined || value === null) return value;
  if (key !== undefined && isSecretKey(key)) return REDACTED;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => redact(item));
  if (isPlainObject(value)) return redactRecord(value);
  if (typeof value === 'string') return redactUrlCredentials(value);
  return value;
}

const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i;

/** `redis://:pw@host` → `redis://:[redacted]@host`; a bare userinfo (`https://token@host`) is all secret. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
}
