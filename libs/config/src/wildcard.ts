import { ProviderModel } from './provider';

const WILDCARD = '*';

function countWildcards(text: string): number {
  return text.split(WILDCARD).length - 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A `model_name` with `*` in it, LiteLLM's wildcard routing (`openai/*`, `anthropic/claude-*`, `*`):
 * each `*` stands for one or more characters, the rest is literal, and the whole requested name must
 * match. (LiteLLM anchors only the start, so its `*-mini` would also take `gpt-4o-mini-high` and send
 * `gpt-4o` on; an empty `*` would send a model with no name.)
 */
export class ModelPattern {
  /** Characters other than `*`: the more a pattern has, the more specific it is. */
  readonly literalLength: number;
  readonly wildcards: number;
  private readonly regex: RegExp;

  constructor(readonly pattern: string) {
    this.wildcards = countWildcards(pattern);
    this.literalLength = pattern.length - this.wildcards;
    this.regex = new RegExp(`^${pattern.split(WILDCARD).map(escapeRegExp).join('(.+)')}$`);
  }

  static isPattern(modelName: string): boolean {
    return modelName.includes(WILDCARD);
  }

  /** What each `*` matched, in order; undefined when the model does not match. */
  match(model: string): string[] | undefined {
    return this.regex.exec(model)?.slice(1);
  }

  /**
   * Most specific first, as LiteLLM tries them: more literal characters, then fewer wildcards;
   * `anthropic/claude-*` before `anthropic/*` before `*`. Ties keep config order (a stable sort).
   */
  static bySpecificity(this: void, a: ModelPattern, b: ModelPattern): number {
    return b.literalLength - a.literalLength || a.wildcards - b.wildcards;
  }
}

/**
 * The provider model a wildcard deployment sends for a request its model_name matched, given what
 * each `*` matched. Each `*` of the provider model takes what the `*` at the same position matched
 * (model_name and model `anthropic/claude-*`: `anthropic/claude-3-5-sonnet` sends `claude-3-5-sonnet`);
 * a provider model without `*` is sent as written. Where the matched text starts the provider model
 * and begins with the deployment's own provider (`openai/gpt-4o` asked of `*` → `openai/*`), that
 * prefix goes, as it would from the model in config.
 */
export function fillWildcards(deployment: ProviderModel, segments: readonly string[]): string {
  const template = deployment.providerModel;
  if (!ModelPattern.isPattern(template)) return template;
  const parts = template.split(WILDCARD);
  if (parts.length - 1 !== segments.length)
    throw new Error(`invariant: config admits "${template}" only with one "*" per "*" of its model_name`);
  const filled = parts.reduce((model, part, index) => model + segments[index - 1] + part);
  const ownPrefix = `${deployment.provider}/`;
  return parts[0] === '' && filled.startsWith(ownPrefix) ? filled.slice(ownPrefix.length) : filled;
}

/** The provider model a wildcard deployment sends for `requested`; undefined when its model_name does not match. */
export function wildcardProviderModel(
  pattern: ModelPattern,
  deployment: ProviderModel,
  requested: string,
): string | undefined {
  const segments = pattern.match(requested);
  return segments && fillWildcards(deployment, segments);
}

/**
 * Why a model_list entry's wildcards cannot be honoured, or undefined. The provider model's `*`s are
 * filled from model_name's, so there must be none or as many. A wildcard model without a provider
 * (`model: "*"`) asks LiteLLM to take the provider from each request's name; Gatehouse resolves a
 * deployment's provider and credentials once, at start.
 */
export function wildcardProblem(
  modelName: string,
  model: string,
  customProvider: string | undefined,
): string | undefined {
  const wanted = countWildcards(model);
  if (wanted === 0) return undefined;
  if (!model.includes('/') && customProvider === undefined)
    return `"${model}" names no provider: Gatehouse does not take the provider from each request; write e.g. "openai/${model}"`;
  const offered = countWildcards(modelName);
  if (wanted !== offered)
    return `"${model}" has ${wanted} "*" but model_name "${modelName}" has ${offered}; each "*" is filled from model_name's, so give it none or as many`;
  return undefined;
}
