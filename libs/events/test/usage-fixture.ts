import { ControlEventV1, UsageEventV1 } from '@gatehouse/contracts';
import { randomUUID } from 'node:crypto';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** A valid usage.v1 event; `subject` stands for the publish key, `requestId` identifies it in a test. */
export function usageEvent(requestId: string, subject = 'key-a', eventId: string = randomUUID()): UsageEventV1 {
  return {
    schema: 'usage.v1',
    event_id: eventId,
    occurred_at: '2025-01-01T00:00:00.000Z',
    request_id: requestId,
    traceparent: TRACEPARENT,
    principal: { kind: 'virtual_key', subject, key_id: `id-${subject}` },
    route: 'chat.completions',
    model: 'gpt-4o',
    stream: false,
    status: 'success',
    http_status: 200,
    attempts: 1,
    cache_hit: false,
    usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
    cost_micro_usd: 42,
    latency_ms: 12.5,
  };
}

/** The n-th event of a stream, the same on both sides of a process boundary. */
export function numberedUsageEvent(n: number): UsageEventV1 {
  const eventId = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  return { ...usageEvent(`req-${n}`, `key-${n % 3}`, eventId), cost_micro_usd: n };
}

/** Looks like usage.v1 to a publisher, but fails the schema (a negative cost). */
export function invalidUsageEvent(requestId: string): UsageEventV1 {
  return { ...usageEvent(requestId), cost_micro_usd: -1 };
}

export function controlEvent(keyHash: string): ControlEventV1 {
  return {
    schema: 'control.v1',
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    request_id: `control-${keyHash}`,
    traceparent: TRACEPARENT,
    type: 'key.revoked',
    key_hash: keyHash,
  };
}
