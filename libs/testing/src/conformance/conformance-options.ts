/**
 * What a provider declares to the shared conformance suite. Its fake server must behave so the
 * scenarios can tell a faithful translation from a lossy one:
 * - reply with the text `Echo: <text of the last user message>` (text parts joined by a space, and
 *   `[image]` for each image part it received in the provider's own image form);
 * - when the last message is a tool result, reply `Tool said: <that result>`;
 * - when the request forces a tool (the provider's tool_choice equivalent), call it with the
 *   arguments `{"city":"Paris"}`;
 * - in JSON mode (the provider's equivalent of response_format json_object), reply
 *   `{"echo":"<last user text>"}`;
 * - report usage in the provider's own form, in responses and streams.
 */
export interface ConformanceOptions {
  /** Shown in test names, e.g. 'anthropic'. */
  provider: string;
  /** Starts the provider's fake server; the suite closes it at the end. */
  startUpstream: () => Promise<{ url: string; close(): Promise<void> }>;
  /**
   * The `model_list` entries (YAML, indented as items of `model_list:`) pointing at the fake. They
   * must define these model names: `chat`; `rate-limited` (upstream answers 429 with a
   * retry-after of 7 s), `server-error` (upstream 500), `context-overflow` (the provider's own
   * context-window error), `stalled` (a stream that stops after one chunk, with `stream_timeout: 1`);
   * and `embed` when embeddings are supported.
   */
  modelList: (upstreamUrl: string) => string;
  supports: { tools: boolean; images: boolean; jsonMode: boolean; embeddings: boolean };
  /**
   * The retry-after (seconds) the client should see for `rate-limited`: 7, from the fake's
   * header, unless the provider's protocol carries none (null), as with Bedrock's throttling.
   */
  rateLimitRetryAfter?: number | null;
  /** Extra environment for the gateway's services (credentials the config references). */
  env?: NodeJS.ProcessEnv;
}
