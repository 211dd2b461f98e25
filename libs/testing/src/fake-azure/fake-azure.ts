import {
  OpenAiError,
  startFakeUpstream,
  type FakeDialect,
  type FakeUpstream,
  type FakeUpstreamOptions,
} from '../fake-upstream';

const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

// Azure's own error bodies carry a numeric-string code and no type.
// https://learn.microsoft.com/azure/ai-services/openai/reference
function resourceNotFound(): OpenAiError {
  return new OpenAiError(404, 'invalid_request_error', 'Resource not found', null, '404');
}

function accessDenied(): OpenAiError {
  return new OpenAiError(
    401,
    'invalid_request_error',
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    null,
    '401',
  );
}

/**
 * Azure OpenAI's URL scheme and credentials over the OpenAI fake's bodies:
 * `POST /openai/deployments/{deployment}/chat/completions|embeddings?api-version=…` with an
 * `api-key` header or an Entra ID bearer token. The deployment name stands in for the model.
 */
export const AZURE_DIALECT: FakeDialect = {
  route(method, path, query) {
    const match = DEPLOYMENT_PATH.exec(path);
    if (method !== 'POST' || match === null) throw resourceNotFound();
    if (!API_VERSION.test(query.get('api-version') ?? '')) throw resourceNotFound();
    const model = decodeURIComponent(match[1]);
    return { endpoint: match[2] === 'embeddings' ? 'embeddings' : 'chat', model };
  },
  authenticate(headers, apiKey) {
    const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7).trim() : undefined;
    if (headers['api-key'] !== apiKey && bearer !== apiKey) throw accessDenied();
  },
};

export interface FakeAzure extends FakeUpstream {
  /** What an `api_base` should be: `https://<resource>.openai.azure.com` stands here. */
  apiBase: string;
}

/** The OpenAI fake (same knobs, same replies) behind Azure OpenAI's routes and headers. */
export async function startFakeAzure(options: Omit<FakeUpstreamOptions, 'dialect'> = {}): Promise<FakeAzure> {
  const upstream = await startFakeUpstream({ ...options, dialect: AZURE_DIALECT });
  return Object.assign(upstream, { apiBase: upstream.url });
}
