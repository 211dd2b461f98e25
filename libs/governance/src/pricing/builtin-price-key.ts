// Bedrock model ids are `<vendor>.<model>`; the vendor list keeps `gpt-4.1` from reading as vendor `gpt-4`.
const BEDROCK_ID =
  /^(?:(?:us|us-gov|eu|apac|jp|au|ca|global)\.)?(anthropic|amazon|meta|cohere|mistral|ai21|deepseek|writer)\.([^:]+)(?::.*)?$/;
const VERTEX_CLAUDE = /^(claude-[a-z0-9-]+?)(?:-v\d+)?@(\d{8})$/;
const GEMINI_REVISION = /^(gemini-.+)-\d{3}$/;

/**
 * The key a provider model is priced under in the built-in table. Only rewrites that cannot change
 * the price are made:
 * - provider and route prefixes go (`openai/`, `bedrock/converse/`, `vertex_ai/`): the table keys
 *   are the providers' own ids, so `openrouter/openai/gpt-4o` still finds gpt-4o and an unknown
 *   name still finds nothing;
 * - a Bedrock cross-region prefix (`us.`, `eu.`, `apac.`…) and revision (`:0`, `:0:200k`) go;
 * - Claude on Bedrock or Vertex becomes Anthropic's dated id (`anthropic.claude-3-5-sonnet-20241022-v2:0`,
 *   `claude-3-5-sonnet-v2@20241022` -> `claude-3-5-sonnet-20241022`): both list Claude at Anthropic's
 *   prices, and the date names the model, so the `-v2` is redundant;
 * - a Gemini revision (`gemini-1.5-pro-002`) goes: revisions of one Gemini model share a price.
 * Other version suffixes stay: `amazon.titan-embed-text-v1` and `-v2` differ five-fold, and dated
 * OpenAI snapshots can differ from their alias (`gpt-4o-2024-05-13`).
 */
export function builtinPriceKey(providerModel: string): string {
  const lower = providerModel.trim().toLowerCase();
  const id = lower.slice(lower.lastIndexOf('/') + 1);
  const bedrock = BEDROCK_ID.exec(id);
  if (bedrock) {
    const [, vendor, model] = bedrock;
    return vendor === 'anthropic' ? model.replace(/-v\d+$/, '') : `${vendor}.${model}`;
  }
  const vertexClaude = VERTEX_CLAUDE.exec(id);
  if (vertexClaude) return `${vertexClaude[1]}-${vertexClaude[2]}`;
  return GEMINI_REVISION.exec(id)?.[1] ?? id;
}
