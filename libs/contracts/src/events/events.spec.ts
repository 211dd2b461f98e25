import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, deadLetterTopic, topicName, Topics, validateEvent } from './index';

const usage = () => ({
  schema: 'usage.v1',
  event_id: randomUUID(),
  occurred_at: new Date().toISOString(),
  request_id: 'req-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  principal: { kind: 'master', subject: 'abc' },
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
});

describe('event contracts', () => {
  it('accepts a complete usage.v1 event', () => {
    const result = validateEvent(Topics.UsageV1, usage());
    expect(result.ok).toBe(true);
  });

  it('names every problem of an invalid usage.v1 event', () => {
    const bad = { ...usage(), event_id: 'nope', cost_micro_usd: 0.5, usage: { prompt_tokens: -1 } };
    const result = validateEvent(Topics.UsageV1, bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    expect(text).toContain('event_id');
    expect(text).toContain('cost_micro_usd');
    expect(text).toContain('usage.prompt_tokens');
    expect(text).toContain('usage.completion_tokens');
  });

  it('rejects an event published under the wrong schema name', () => {
    expect(validateEvent(Topics.UsageV1, { ...usage(), schema: 'usage.v2' }).ok).toBe(false);
  });

  it('validates control.v1 by its type', () => {
    const base = {
      schema: 'control.v1',
      event_id: randomUUID(),
      occurred_at: new Date().toISOString(),
      request_id: 'r',
      traceparent: '',
    };
    expect(validateEvent(Topics.ControlV1, { ...base, type: 'key.revoked', key_hash: 'h' }).ok).toBe(true);
    expect(validateEvent(Topics.ControlV1, { ...base, type: 'key.revoked' }).ok).toBe(false);
    expect(validateEvent(Topics.ControlV1, { ...base, type: 'config.reload' }).ok).toBe(true);
    const cooldown = { ...base, type: 'deployment.cooldown', deployment_id: 'd', until: base.occurred_at, failures: 4 };
    expect(validateEvent(Topics.ControlV1, cooldown).ok).toBe(true);
    expect(validateEvent(Topics.ControlV1, { ...cooldown, until: 'soon' }).ok).toBe(false);
  });

  it('derives prefixed and dead-letter names from the registry', () => {
    expect(ALL_TOPICS).toEqual(['usage.v1', 'request-log.v1', 'control.v1']);
    expect(topicName(Topics.UsageV1, 't1.')).toBe('t1.usage.v1');
    expect(deadLetterTopic(Topics.ControlV1)).toBe('control.v1.dlq');
  });
});
