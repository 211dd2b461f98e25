import { GatewayFailure } from '@gatehouse/errors';
import { z } from 'zod';

/** `guardrails` on keys and teams: `guardrail_name`s of the config's `guardrails:` list, each kept once. */
export const guardrailNamesSchema = z
  .array(z.string().trim().min(1, 'must not be empty').max(256))
  .max(100)
  .transform((names) => [...new Set(names)]);

/**
 * Refuses a name the config does not define: it could never run, and a call would be refused for it.
 * The configured names are listed, as they are no secret to an admin.
 */
export function checkGuardrailNames(names: readonly string[] | null | undefined, configured: ReadonlySet<string>) {
  const unknown = names?.find((name) => !configured.has(name));
  if (unknown === undefined) return;
  const known = configured.size > 0 ? `configured: ${[...configured].join(', ')}` : 'none are configured';
  const message = `guardrails: '${unknown}' is not a guardrail_name in config.yaml (${known})`;
  throw new GatewayFailure('bad_request', message, { param: 'guardrails' });
}
