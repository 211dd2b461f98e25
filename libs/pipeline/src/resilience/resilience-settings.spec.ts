import { ConfigError, parseGatewayConfig } from '@gatehouse/config';
import { resilienceSettingsFrom } from './resilience-settings';

const models = `
model_list:
  - model_name: a
    model_info: { id: a-1 }
    litellm_params: { model: openai/gpt-4o, max_retries: 4 }
  - model_name: b
    litellm_params: { model: openai/gpt-4o }
  - model_name: c
    litellm_params: { model: openai/gpt-4o }
`;
const settingsOf = (yaml: string) => {
  const config = parseGatewayConfig(models + yaml, 'config.yaml', {});
  return resilienceSettingsFrom(config, (model) => ['a', 'b', 'c'].includes(model));
};

describe('resilienceSettingsFrom', () => {
  it("reads router_settings first and litellm_settings for what the router leaves out, with LiteLLM's defaults", () => {
    const settings = settingsOf(`
router_settings:
  fallbacks: [{ a: [b] }]
  retry_after: 1.5
litellm_settings:
  num_retries: 5
  fallbacks: [{ a: [c] }, { b: [c] }]
  context_window_fallbacks: [{ a: [c] }]
`);
    expect(settings.retries).toBe(5);
    expect(settings.minRetryWaitMs).toBe(1_500);
    expect(settings.fallbacks.general).toEqual(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
      ]),
    );
    expect(settings.fallbacks.context_window).toEqual(new Map([['a', ['c']]]));
    expect(settings.deploymentRetries).toEqual(new Map([['a-1', 4]]));
    expect(settingsOf('').retries).toBe(2);
  });

  it('takes default_fallbacks, or a "*" entry in fallbacks', () => {
    expect(settingsOf('router_settings: { default_fallbacks: [c] }').defaultFallbacks).toEqual(['c']);
    const star = settingsOf('router_settings: { fallbacks: [{ "*": [b] }] }');
    expect(star.defaultFallbacks).toEqual(['b']);
    expect(star.fallbacks.general.has('*')).toBe(false);
  });

  it('refuses a fallback to a model group nothing serves, naming where it is', () => {
    const attempt = () => settingsOf('router_settings:\n  fallbacks: [{ a: [gpt-9] }]\n  default_fallbacks: [nope]\n');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/router_settings\.fallbacks\[0\]\.a: no model group 'gpt-9'/);
    expect(attempt).toThrow(/default_fallbacks: no model group 'nope'/);
  });
});
