import { z } from 'zod';
import { ConfigError } from './config-error';
import { loadEnv } from './env';

const schema = z.object({
  PORT: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int()).default(4000),
  NAME: z.string(),
  MODE: z.enum(['a', 'b']).default('a'),
});

describe('loadEnv', () => {
  it('returns typed values with defaults for unset and empty keys', () => {
    expect(loadEnv(schema, { NAME: 'x', PORT: '', UNRELATED: 'ignored' })).toEqual({
      PORT: 4000,
      NAME: 'x',
      MODE: 'a',
    });
  });

  it('names every bad key in one error without echoing values', () => {
    let error: unknown;
    try {
      loadEnv(schema, { PORT: 'not-a-port', MODE: 'c' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, message } = error as ConfigError;
    expect(issues.map((issue) => issue.location)).toEqual(['PORT', 'NAME', 'MODE']);
    expect(message).toMatch(/^Invalid environment \(3 problems\):/);
    expect(message).toContain('  - NAME: is required');
    expect(message).not.toContain('not-a-port');
  });
});
