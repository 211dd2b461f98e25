import { GatewayFailure } from '@gatehouse/errors';
import { splitGatewayFields } from './gateway-fields';

describe('splitGatewayFields', () => {
  it('hands back the very same request when it carries none of the gateway fields', () => {
    const request = { model: 'm', messages: [], metadata: { a: 1 } };
    const split = splitGatewayFields(request);
    expect(split.request).toBe(request);
    expect(split.fields).toEqual({});
  });

  it('takes tags, num_retries, fallbacks and cache out of what the provider is sent', () => {
    const split = splitGatewayFields({
      model: 'm',
      temperature: 0,
      tags: ['free'],
      num_retries: 3,
      fallbacks: ['backup'],
      cache: { 'no-cache': true, 'no-store': false, ttl: 30 },
    });
    expect(split.request).toEqual({ model: 'm', temperature: 0 });
    expect(split.fields).toEqual({
      tags: ['free'],
      numRetries: 3,
      fallbacks: ['backup'],
      cache: { noCache: true, noStore: false, ttlSeconds: 30, useCache: undefined },
    });
  });

  it.each([
    [{ num_retries: 11 }, 'num_retries'],
    [{ num_retries: 1.5 }, 'num_retries'],
    [{ tags: 'free' }, 'tags'],
    [{ fallbacks: [''] }, 'fallbacks'],
    [{ cache: true }, 'cache'],
    [{ cache: { 'no-cache': 'yes' } }, 'cache.no-cache'],
    [{ cache: { ttl: -1 } }, 'cache.ttl'],
  ])('refuses %j with a 400 naming %s', (fields, param) => {
    const attempt = () => splitGatewayFields({ model: 'm', ...fields });
    expect(attempt).toThrow(GatewayFailure);
    expect(attempt).toThrow(expect.objectContaining({ kind: 'bad_request', details: { param } }) as Error);
  });
});
