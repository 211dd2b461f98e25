import { describeChatConformance } from '@gatehouse/testing';
import { FAKE_COHERE_KEY, startFakeCohere } from '../../../libs/testing/src/fake-cohere';

/** One deployment of the fake Cohere server; `knobs` pick a behaviour through the api_base path. */
const deployment = (name: string, base: string, model: string, extra = '') => `
  - model_name: ${name}
    litellm_params:
      model: ${model}
      api_base: ${base}
      api_key: ${FAKE_COHERE_KEY}${extra}`;

describeChatConformance({
  provider: 'cohere',
  startUpstream: () => startFakeCohere(),
  modelList: (url) =>
    [
      deployment('chat', url, 'cohere/command-a-vision-07-2025'),
      deployment('rate-limited', `${url}/knobs/status=429,retryAfter=7`, 'cohere_chat/command-a-03-2025'),
      deployment('server-error', `${url}/knobs/status=500`, 'cohere/command-a-03-2025'),
      deployment('context-overflow', `${url}/knobs/overflow`, 'cohere/command-a-03-2025'),
      deployment('stalled', `${url}/knobs/stallAfterChunks=1`, 'cohere/command-a-03-2025', '\n      stream_timeout: 1'),
      deployment('embed', url, 'cohere/embed-v4.0'),
    ].join(''),
  supports: { tools: true, images: true, jsonMode: true, embeddings: true },
});
