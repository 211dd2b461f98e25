import { describeChatConformance } from '@gatehouse/testing';
// libs/testing's index does not export the Azure fake yet (it is owned elsewhere); see the report.
import { startFakeAzure } from '../../../libs/testing/src/fake-azure';

const API_KEY = 'azure-conformance-key';

/** One deployment per conformance model name; knobs in the api_base path pick the fake's behaviour. */
function entry(name: string, deployment: string, apiBase: string, extra = ''): string {
  return [
    `  - model_name: ${name}`,
    '    litellm_params:',
    `      model: azure/${deployment}`,
    `      api_base: ${apiBase}`,
    `      api_key: ${API_KEY}`,
    "      api_version: '2024-10-21'",
    ...(extra ? [`      ${extra}`] : []),
  ].join('\n');
}

describeChatConformance({
  provider: 'azure',
  startUpstream: () => startFakeAzure({ apiKey: API_KEY, defaults: { toolArguments: '{"city":"Paris"}' } }),
  modelList: (url) =>
    [
      entry('chat', 'gpt-4o-eu', url),
      entry('rate-limited', 'gpt-4o-eu', `${url}/knobs/status=429,retry-after=7`),
      entry('server-error', 'gpt-4o-eu', `${url}/knobs/status=500`),
      entry('context-overflow', 'gpt-4o-eu', `${url}/knobs/context-overflow`),
      entry('stalled', 'gpt-4o-eu', `${url}/knobs/stall-after-chunks=1`, 'stream_timeout: 1'),
      entry('embed', 'embeddings-eu', url),
    ].join('\n') + '\n',
  supports: { tools: true, images: true, jsonMode: true, embeddings: true },
});
