import { GatewayFailure } from '@gatehouse/errors';
import { z } from 'zod';
import { parseBody } from './parse-body';

describe('parseBody', () => {
  const schema = z.object({ models: z.array(z.string()).optional(), max_budget: z.number().nonnegative().optional() });

  it('returns the parsed payload, treating a missing body as empty', () => {
    expect(parseBody(schema, { models: ['a'] })).toEqual({ models: ['a'] });
    expect(parseBody(schema, undefined)).toEqual({});
  });

  it.each([
    [{ max_budget: -1 }, 'max_budget'],
    [{ models: ['a', 3] }, 'models[1]'],
  ])('refuses %j naming %s', (body, param) => {
    let thrown: unknown;
    try {
      parseBody(schema, body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayFailure);
    const failure = thrown as GatewayFailure;
    expect(failure.status).toBe(400);
    expect(failure.details.param).toBe(param);
    expect(failure.message.startsWith(`${param}: `)).toBe(true);
  });
});
