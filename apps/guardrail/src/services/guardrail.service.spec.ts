import { ConfigError } from '@gatehouse/config';
import { GuardrailCatalog } from '../config/guardrail-catalog';
import { GuardrailService } from './guardrail.service';

const catalog = new GuardrailCatalog([
  { guardrail_name: 'no-secrets', litellm_params: { guardrail: 'deny_list', terms: ['project falcon', 'c++'] } },
]);
const service = new GuardrailService(catalog);
const request = (texts: string[], guardrails = ['no-secrets']) => ({
  stage: 'pre_call',
  guardrails,
  model: 'm',
  texts,
});

describe('GuardrailService with a deny list', () => {
  it('allows text without denied terms', async () => {
    expect(await service.check(request(['hello', 'falcons fly']))).toEqual({ allowed: true, findings: [] });
  });

  it('blocks a denied term in any case and says which text held it', async () => {
    const answer = await service.check(request(['fine', 'Tell me about PROJECT FALCON']));
    expect(answer.allowed).toBe(false);
    expect(answer.findings).toEqual([
      { guardrail: 'no-secrets', type: 'deny_list', detail: 'text 1 contains a denied term' },
    ]);
  });

  it('treats terms literally, not as patterns', async () => {
    expect((await service.check(request(['I write cxx']))).allowed).toBe(true);
    expect((await service.check(request(['I write c++ daily']))).allowed).toBe(false);
  });

  it('refuses a guardrail that is not configured', async () => {
    await expect(service.check(request(['x'], ['nope']))).rejects.toMatchObject({ kind: 'bad_request' });
  });

  it('stops start-up on a guardrail of a kind it cannot run, naming it', () => {
    const build = () =>
      new GuardrailCatalog([{ guardrail_name: 'bedrock-pii', litellm_params: { guardrail: 'bedrock' } }]);
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/bedrock-pii/);
  });
});
