import { Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { openAiAdapter } from '@gatehouse/providers-openai';
import { ProviderAdapter } from '@gatehouse/providers-core';

/** LiteLLM prefixes that speak OpenAI's API unchanged. */
const OPENAI_COMPATIBLE = [
  'openai',
  'text-completion-openai',
  'openai_compatible',
  'hosted_vllm',
  'ollama_chat',
  'groq',
  'together_ai',
  'deepseek',
  'fireworks_ai',
  'mistral',
];

@Injectable()
export class AdapterRegistry {
  private readonly adapters = new Map<string, ProviderAdapter>(OPENAI_COMPATIBLE.map((p) => [p, openAiAdapter]));

  get(provider: string): ProviderAdapter {
    const adapter = this.adapters.get(provider);
    if (!adapter) throw new GatewayFailure('bad_request', `provider '${provider}' is not supported by this gateway`);
    return adapter;
  }

  supports(provider: string): boolean {
    return this.adapters.has(provider);
  }
}
