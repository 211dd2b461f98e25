import { RoutedDeployment } from './model-catalog';
import { deploymentsForTags } from './tag-routing';

const deployment = (id: string, tags?: string[]): RoutedDeployment => ({
  id,
  modelName: 'gpt-4',
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight: 1,
  price: { inputPerMillion: 0, outputPerMillion: 0, maxOutputTokens: 0 },
  tags,
});
const ids = (deployments: readonly RoutedDeployment[]) => deployments.map((d) => d.id);

// LiteLLM's tag routing example: https://docs.litellm.ai/docs/proxy/tag_routing
const free = deployment('free', ['free']);
const paid = deployment('paid', ['paid', 'team-b']);
const fallback = deployment('default', ['default']);
const untagged = deployment('untagged');

describe('deploymentsForTags', () => {
  it('sends a tagged request to the deployments carrying any of its tags', () => {
    expect(ids(deploymentsForTags([free, paid, fallback, untagged], ['free']))).toEqual(['free']);
    expect(ids(deploymentsForTags([free, paid, fallback], ['team-b', 'free']))).toEqual(['free', 'paid']);
  });

  it('sends a tagged request no deployment carries to the default ones, else to none', () => {
    expect(ids(deploymentsForTags([free, paid, fallback, untagged], ['other']))).toEqual(['default']);
    expect(deploymentsForTags([free, untagged], ['other'])).toEqual([]);
  });

  it('sends a request without tags to the default deployments when the group has any', () => {
    expect(ids(deploymentsForTags([free, paid, fallback, untagged], []))).toEqual(['default']);
  });

  it('sends a request without tags anywhere when no deployment is tagged default', () => {
    const group = [free, untagged];
    expect(deploymentsForTags(group, [])).toBe(group);
  });
});
