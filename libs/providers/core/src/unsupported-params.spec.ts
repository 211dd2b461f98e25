import { GatewayFailure } from '@gatehouse/errors';
import { keepSupported } from './unsupported-params';

const supported = new Set(['model', 'messages', 'temperature']);

describe('keepSupported', () => {
  it('passes a request that only uses supported fields, ignoring unset ones', () => {
    const request = { model: 'm', messages: [], temperature: 0.2, seed: null, logprobs: undefined };
    expect(keepSupported(request, supported, { dropParams: false, provider: 'p' })).toEqual({
      request: { model: 'm', messages: [], temperature: 0.2 },
      dropped: [],
    });
  });

  it('refuses an unsupported field with a 400 that names it', () => {
    try {
      keepSupported({ model: 'm', seed: 7 }, supported, { dropParams: false, provider: 'anthropic' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayFailure);
      expect((error as GatewayFailure).details.param).toBe('seed');
      expect((error as GatewayFailure).message).toContain("'seed' is not supported by provider 'anthropic'");
    }
  });

  it('drops and lists unsupported fields when drop_params is set', () => {
    const result = keepSupported({ model: 'm', seed: 7, logit_bias: {} }, supported, {
      dropParams: true,
      provider: 'p',
    });
    expect(result).toEqual({ request: { model: 'm' }, dropped: ['seed', 'logit_bias'] });
  });
});
