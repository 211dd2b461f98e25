import { GatewayFailure } from '@gatehouse/errors';
import { z } from 'zod';

/**
 * Validates an admin payload, refusing it with a 400 whose message and `param` name the first bad
 * field (`models[2]`, `max_budget`), as LiteLLM's clients expect.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = fieldPath(issue.path);
  const message = param ? `${param}: ${issue.message}` : issue.message;
  throw new GatewayFailure('bad_request', message, param ? { param } : {});
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
