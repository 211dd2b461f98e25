import { describeChatConformance, startFakeUpstream } from '@gatehouse/testing';

const API_KEY = 'sk-openai-conformance';

/** One deployment per conformance model name; knobs in the api_base path pick the fake's behaviour. */
function entry(name: string, model: string, apiBase: string, extra = ''): string {
  return [
    `  - model_name: ${name}`,
    '    litellm_params:',
    `      model: openai/${model}`,
    `      api_base: ${apiBase}`,
    `      api_key: ${API_KEY}`,
    ...(extra ? [`      ${extra}`] : []),
  ].join('\n');
}

describeChatConformance({
  provider: 'openai',
  startUpstream: () => startFakeUpstream({ apiKey: API_KEY, defaults: { toolArguments: '{"city":"Paris"}' } }),
  modelList: (url) =>
    [
      entry('chat', 'gpt-4o-mini', `${url}/v1`),
      entry('rate-limited', 'gpt-4o-mini', `${url}/knobs/status=429,retry-after=7/v1`),
      entry('server-error', 'gpt-4o-mini', `${url}/knobs/status=500/v1`),
      entry('context-overflow', 'gpt-4o-mini', `${url}/knobs/context-overflow/v1`),
      entry('stalled', 'gpt-4o-mini', `${url}/knobs/stall-after-chunks=1/v1`, 'stream_timeout: 1'),
      entry('embed', 'text-embedding-3-small', `${url}/v1`),
    ].join('\n') + '\n',
  supports: { tools: true, images: true, jsonMode: true, embeddings: true },
});
