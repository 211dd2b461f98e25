import { createHmac } from 'node:crypto';

/**
 * The placeholder a masked value becomes: `[EMAIL_3f9a]`. The tag is keyed by the request id, so
 * one value masks the same way in every message and check of a request (a reply can still tell two
 * addresses apart), and differently in the next request, so tags link nothing across requests.
 */
export function maskTag(requestId: string, kind: string, value: string): string {
  const tag = createHmac('sha256', requestId).update(value).digest('hex').slice(0, 4);
  return `[${kind.toUpperCase()}_${tag}]`;
}
