import { describeChatConformance } from '@gatehouse/testing';
// libs/testing's index is shared; the Bedrock fake is imported from its folder until it is exported there.
import { startFakeBedrock } from '../../../libs/testing/src/fake-bedrock';

const ACCESS_KEY_ID = 'AKIAFAKE0123456789AB';

const entry = (name: string, model: string, apiBase: string, extra = '') => `
  - model_name: ${name}
    litellm_params:
      model: ${model}
      api_base: ${apiBase}
      aws_access_key_id: ${ACCESS_KEY_ID}
      aws_secret_access_key: fake-secret
      aws_region_name: us-east-1${extra}`;

describeChatConformance({
  provider: 'bedrock',
  startUpstream: () => startFakeBedrock({ accessKeyId: ACCESS_KEY_ID }),
  modelList: (url) =>
    [
      entry('chat', 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', url),
      entry('rate-limited', 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', `${url}/knobs/status=429`),
      entry('server-error', 'bedrock/converse/anthropic.claude-3-5-sonnet-20240620-v1:0', `${url}/knobs/status=500`),
      entry('context-overflow', 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', `${url}/knobs/contextOverflow`),
      entry(
        'stalled',
        'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0',
        `${url}/knobs/stallAfterChunks=1`,
        '\n      stream_timeout: 1',
      ),
      entry('embed', 'bedrock/amazon.titan-embed-text-v2:0', url),
    ].join(''),
  supports: { tools: true, images: true, jsonMode: true, embeddings: true },
  // Bedrock's ThrottlingException carries no retry-after, and the gateway does not invent one.
  rateLimitRetryAfter: null,
});
