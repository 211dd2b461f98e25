import { randomUUID } from 'node:crypto';
import { UsageEventV1 } from '@gatehouse/contracts';
import { SpendEventEntity } from '../repositories/spend-event.entity';
import { SpendEventsRepository } from '../repositories/spend-events.repository';
import { LedgerService, toRow } from './ledger.service';

const event = (requestId: string, cost = 7): UsageEventV1 => ({
  schema: 'usage.v1',
  event_id: randomUUID(),
  occurred_at: '2026-11-25T01:00:00.000Z',
  request_id: requestId,
  traceparent: '',
  principal: { kind: 'master', subject: 's', team_id: 't1' },
  route: 'chat.completions',
  model: 'gpt-4o',
  deployment_id: 'd1',
  stream: true,
  status: 'success',
  http_status: 200,
  attempts: 1,
  cache_hit: false,
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
  cost_micro_usd: cost,
  latency_ms: 12.5,
});

describe('LedgerService', () => {
  it('maps an event to a row with integer money and absent fields as null', () => {
    const row = toRow(event('r1'));
    expect(row).toMatchObject({
      requestId: 'r1',
      teamId: 't1',
      userId: null,
      costMicroUsd: '7',
      cachedPromptTokens: 0,
      totalTokens: 7,
    });
    expect(row.occurredAt.toISOString()).toBe('2026-11-25T01:00:00.000Z');
  });

  it('applies a redelivered batch holding the same request twice as one row', async () => {
    const inserted: Omit<SpendEventEntity, 'id'>[][] = [];
    const repository = {
      insertNew: (rows: Omit<SpendEventEntity, 'id'>[]) => {
        inserted.push(rows);
        return Promise.resolve(rows.length);
      },
    } as unknown as SpendEventsRepository;
    const count = await new LedgerService(repository).apply([event('r1'), event('r2'), event('r1')]);
    expect(count).toBe(2);
    expect(inserted[0].map((r) => r.requestId)).toEqual(['r1', 'r2']);
  });
});
