import { parseGatewayConfig } from '@gatehouse/config';
import { routingSettingsFrom } from './routing-settings';
import { LeastBusy } from './strategies/least-busy';
import { SimpleShuffle } from './strategies/simple-shuffle';

const settingsOf = (yaml: string) =>
  routingSettingsFrom(
    parseGatewayConfig(`model_list:\n  - model_name: m\n    litellm_params: { model: openai/gpt-4o${yaml}`, 'c', {}),
  );

describe('routingSettingsFrom', () => {
  it('counts nothing for simple-shuffle without caps', () => {
    const settings = settingsOf(' }\n');
    expect(settings.strategy).toBeInstanceOf(SimpleShuffle);
    expect(settings.trackStats).toBe(false);
  });

  it('counts calls for another strategy, or for a deployment with rpm or tpm', () => {
    expect(settingsOf(' }\nrouter_settings: { routing_strategy: least-busy }\n').strategy).toBeInstanceOf(LeastBusy);
    expect(settingsOf(' }\nrouter_settings: { routing_strategy: least-busy }\n').trackStats).toBe(true);
    expect(settingsOf(', tpm: 1000 }\n').trackStats).toBe(true);
  });

  it('reads the latency window from routing_strategy_args, and the tag and pre-call switches', () => {
    const settings = settingsOf(
      ' }\nrouter_settings:\n  routing_strategy_args: { ttl: 30, max_latency_list_size: 4 }\n  enable_tag_filtering: true\n  enable_pre_call_checks: true\n',
    );
    expect(settings.latency).toEqual({ latencySamples: 4, latencyTtlMs: 30_000 });
    expect(settings).toMatchObject({ tagFiltering: true, preCallChecks: true });
  });
});
