import { RoutedDeployment } from './model-catalog';

/** The tag of deployments that serve requests no tag of theirs selects. */
const DEFAULT_TAG = 'default';

const isDefault = (deployment: RoutedDeployment) => deployment.tags?.includes(DEFAULT_TAG) === true;

/**
 * LiteLLM's tag routing (`router_settings.enable_tag_filtering`), over one model group: a request
 * with tags goes to the deployments carrying at least one of them, else to those tagged `default`,
 * else to none (LiteLLM's "no deployments with tag routing" error); a request without tags goes to
 * those tagged `default` when the group has any, else to every deployment, tagged or not.
 * Run it on the whole group, before cooldowns: LiteLLM does not fall back to `default` when the
 * deployments carrying the request's tag are only cooling down.
 * https://docs.litellm.ai/docs/proxy/tag_routing
 */
export function deploymentsForTags(
  deployments: readonly RoutedDeployment[],
  requestTags: readonly string[],
): readonly RoutedDeployment[] {
  if (requestTags.length === 0) return deployments.some(isDefault) ? deployments.filter(isDefault) : deployments;
  const tagged = deployments.filter((deployment) => deployment.tags?.some((tag) => requestTags.includes(tag)));
  return tagged.length > 0 ? tagged : deployments.filter(isDefault);
}
