import { fakeEmbedding } from '../fake-upstream/embeddings';
import { countTokens } from '../fake-upstream/tokens';
import { isObject } from './converse-validate';
import { validation } from './errors';

const TITAN_KEYS = new Set(['inputText', 'dimensions', 'normalize', 'embeddingTypes']);
const COHERE_INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering']);

/** InvokeModel for Titan and Cohere embedding models: the body and the input token count Bedrock reports. */
export function invokeEmbedding(modelId: string, body: unknown): { body: string; inputTokens: number } {
  if (!isObject(body)) throw validation('Malformed input request: expected a JSON object');
  const bare = modelId.replace(/^(us|eu|apac)\./, '');
  if (bare.startsWith('amazon.titan-embed')) return titan(body);
  if (bare.startsWith('cohere.embed')) return cohere(body);
  throw validation(`The provided model identifier is invalid for InvokeModel embeddings: ${modelId}`);
}

function titan(body: Record<string, unknown>) {
  const extra = Object.keys(body).find((key) => !TITAN_KEYS.has(key));
  if (extra)
    throw validation(
      `Malformed input request: #: extraneous key [${extra}] is not permitted, please reformat your input and try again.`,
    );
  if (typeof body.inputText !== 'string' || body.inputText === '')
    throw validation('Malformed input request: #/inputText: expected minLength: 1');
  const dimensions = body.dimensions ?? 1024;
  if (![256, 512, 1024].includes(dimensions as number))
    throw validation('Malformed input request: #/dimensions: must be 256, 512 or 1024');
  const embedding = Array.from(fakeEmbedding(body.inputText, dimensions as number));
  const inputTokens = countTokens(body.inputText);
  return {
    body: JSON.stringify({ embedding, inputTextTokenCount: inputTokens, embeddingsByType: { float: embedding } }),
    inputTokens,
  };
}

function cohere(body: Record<string, unknown>) {
  const texts = body.texts;
  if (!Array.isArray(texts) || texts.length === 0 || texts.length > 96 || !texts.every((t) => typeof t === 'string')) {
    throw validation('Malformed input request: #/texts: expected 1 to 96 strings');
  }
  if (!COHERE_INPUT_TYPES.has(String(body.input_type)))
    throw validation('Malformed input request: #/input_type: invalid value');
  const embeddings = texts.map((text: string) => Array.from(fakeEmbedding(text, 1024)));
  const inputTokens = texts.reduce((sum: number, text: string) => sum + countTokens(text), 0);
  return {
    body: JSON.stringify({ id: 'emb-fake', embeddings, texts, response_type: 'embeddings_floats' }),
    inputTokens,
  };
}
