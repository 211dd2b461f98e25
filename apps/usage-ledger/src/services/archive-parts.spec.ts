import { gunzipSync } from 'node:zlib';
import { SpendEventArchiveRowV1 } from '../repositories/spend-event-archive.repository';
import { encodePart, planParts } from './archive-parts';

const row = (id: string, occurredAt: string): SpendEventArchiveRowV1 => ({
  id,
  request_id: `r${id}`,
  event_id: '6f1c2b9e-0000-4000-8000-000000000000',
  occurred_at: occurredAt,
  principal_kind: 'master',
  principal_subject: 's',
  key_alias: null,
  user_id: null,
  team_id: null,
  org_id: null,
  route: 'chat.completions',
  model: 'gpt-4o',
  deployment_id: null,
  provider: null,
  provider_model: null,
  stream: false,
  status: 'success',
  http_status: 200,
  error_kind: null,
  attempts: 1,
  cache_hit: false,
  prompt_tokens: 1,
  completion_tokens: 2,
  total_tokens: 3,
  cached_prompt_tokens: 0,
  reasoning_tokens: 0,
  cost_micro_usd: '9007199254740993',
  latency_ms: 1.5,
  time_to_first_token_ms: null,
});

describe('archive parts', () => {
  it('groups a batch by UTC hour, in order of first appearance, each part named by its first and last id', () => {
    const rows = [
      row('7', '2026-03-01T23:59:59.999999Z'),
      row('8', '2026-03-02T00:00:00.000000Z'),
      row('9', '2026-03-01T23:00:00.000000Z'),
      row('12', '2026-03-02T00:10:00.000000Z'),
    ];
    const parts = planParts('usage', rows);
    expect(parts.map((part) => part.key)).toEqual([
      'usage/dt=2026-03-01/hour=23/0000000000000000007-0000000000000000009.jsonl.gz',
      'usage/dt=2026-03-02/hour=00/0000000000000000008-0000000000000000012.jsonl.gz',
    ]);
    expect(parts.map((part) => part.rows.map((r) => r.id))).toEqual([
      ['7', '9'],
      ['8', '12'],
    ]);
    expect(planParts('usage', [])).toEqual([]);
  });

  it('encodes one JSON object per line, each line ended, gzipped the same way every time', async () => {
    const rows = [row('1', '2026-03-01T10:00:00.000000Z'), row('2', '2026-03-01T10:00:01.000000Z')];
    const body = await encodePart(rows);
    expect((await encodePart(rows)).equals(body)).toBe(true);
    const text = gunzipSync(body).toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(rows);
    expect(lines[0]).toContain('"cost_micro_usd":"9007199254740993"');
  });
});
