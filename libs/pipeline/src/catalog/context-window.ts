import { RoutedDeployment } from './model-catalog';

/** LiteLLM's pre-call check: a prompt fits unless the deployment states a smaller context window. */
export function fitsContextWindow(deployment: Pick<RoutedDeployment, 'maxInputTokens'>, promptTokens: number): boolean {
  return deployment.maxInputTokens === undefined || promptTokens <= deployment.maxInputTokens;
}

/**
 * `enable_pre_call_checks`: the deployments whose context window takes the prompt; empty when none
 * does, which LiteLLM answers with a context-window error (and its context_window_fallbacks). The
 * prompt is counted only when some deployment states a window, since the first count loads the
 * tokenizer; the group itself comes back when every deployment fits.
 */
export function deploymentsThatFit(
  deployments: readonly RoutedDeployment[],
  countPromptTokens: () => number,
): readonly RoutedDeployment[] {
  if (deployments.every((deployment) => deployment.maxInputTokens === undefined)) return deployments;
  const promptTokens = countPromptTokens();
  const fitting = deployments.filter((deployment) => fitsContextWindow(deployment, promptTokens));
  return fitting.length === deployments.length ? deployments : fitting;
}
