/** One problem found in a config source: where it is (a config path, a YAML position or an env name) and what. */
export interface ConfigIssue {
  readonly location: string;
  readonly message: string;
}

/**
 * Every configuration failure: an invalid gateway config file, an invalid environment, or a secret
 * that cannot be resolved. It always carries the full list of problems so an operator fixes them in
 * one pass rather than one restart per mistake.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly summary: string,
    readonly issues: readonly ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super(formatMessage(summary, issues), options);
  }
}

function formatMessage(summary: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  - ${issue.location}: ${issue.message}`);
  return [`${summary} (${count}):`, ...lines].join('\n');
}

/** Renders a path the way an operator would write it: `model_list[2].litellm_params.model`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][\w-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** The message of anything thrown; duck-typed because errors may come from another realm (e.g. under jest). */
export function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
