/**
 * The `litellm_params` LiteLLM sends with every call to a deployment: OpenAI's sampling and output
 * parameters (chat, then embeddings), as opposed to connection settings (api_key, timeout, rpm…),
 * which never reach the request. Left out: tool settings, which OpenAI refuses without the request's
 * tools, and `extra_headers`, which the provider client sends as headers, not body fields.
 */
const REQUEST_PARAMS: readonly string[] = [
  'temperature',
  'top_p',
  'n',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'response_format',
  'reasoning_effort',
  'dimensions',
  'encoding_format',
];

export type RequestDefaults = Readonly<Record<string, unknown>>;

/** A deployment's request defaults from its `litellm_params`; undefined when it has none. */
export function requestDefaults(params: Readonly<Record<string, unknown>>): RequestDefaults | undefined {
  const present = REQUEST_PARAMS.filter((key) => params[key] !== undefined);
  return present.length === 0 ? undefined : Object.fromEntries(present.map((key) => [key, params[key]]));
}

/**
 * The request with each default it does not set filled in; the request's own value always wins, an
 * explicit `null` included (LiteLLM merges the request over the deployment's params). The same object
 * when nothing is added, so a deployment without defaults costs nothing.
 */
export function withDefaults<R extends object>(request: R, defaults: RequestDefaults | undefined): R {
  if (!defaults) return request;
  let filled: Record<string, unknown> | undefined;
  for (const key of Object.keys(defaults)) {
    if ((request as Record<string, unknown>)[key] !== undefined) continue;
    filled ??= { ...(request as Record<string, unknown>) };
    filled[key] = defaults[key];
  }
  return filled ? (filled as R) : request;
}
