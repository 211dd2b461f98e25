import { RpcException } from '@nestjs/microservices';
import { GuardrailCatalog } from '../config/guardrail-catalog';
import { GuardrailService } from './guardrail.service';

const catalog = new GuardrailCatalog([
  { guardrail_name: 'no-secrets', litellm_params: { guardrail: 'deny_list', terms: ['project falcon', 'c++'] } },
  { guardrail_name: 'bedrock-pii', litellm_params: { guardrail: 'bedrock' } },
]);
const service = new GuardrailService(catalog);
const request = (texts: string[], guardrails = ['no-secrets']) => ({
  stage: 'pre_call',
  guardrails,
  model: 'm',
  texts,
});

describe('GuardrailService with a deny list', () => {
  it('allows text without denied terms', () => {
    expect(service.check(request(['hello', 'falcons fly']))).toEqual({ allowed: true, findings: [] });
  });

  it('blocks a denied term in any case and says which text held it', () => {
    const answer = service.check(request(['fine', 'Tell me about PROJECT FALCON']));
    expect(answer.allowed).toBe(false);
    expect(answer.findings).toEqual([
      { guardrail: 'no-secrets', type: 'deny_list', detail: 'text 1 contains a denied term' },
    ]);
  });

  it('treats terms literally, not as patterns', () => {
    expect(service.check(request(['I write cxx'])).allowed).toBe(true);
    expect(service.check(request(['I write c++ daily'])).allowed).toBe(false);
  });

  it('refuses a guardrail that is not configured, and reports kinds it cannot run', () => {
    expect(() => service.check(request(['x'], ['nope']))).toThrow(RpcException);
    expect(catalog.unsupported).toEqual(['bedrock-pii (bedrock)']);
  });
});
