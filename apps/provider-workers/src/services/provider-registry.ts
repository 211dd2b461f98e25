import { Inject, Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { HttpProviderClient, ProviderAdapter, ProviderClient } from '@gatehouse/providers-core';
import { openAiAdapter } from '@gatehouse/providers-openai';
import { anthropicAdapter } from '@gatehouse/providers-anthropic';
import { BedrockClient } from '@gatehouse/providers-bedrock';
import { cohereAdapter } from '@gatehouse/providers-cohere';
import { azureAdapter } from '@gatehouse/providers-azure';
import { mistralAdapter } from '@gatehouse/providers-mistral';
import { geminiAdapter, withGeminiEmbeddingUsage } from '@gatehouse/providers-gemini';
import { Logger } from '@gatehouse/logging';
import { WORKERS_LOGGER, WORKERS_SETTINGS, WorkersSettings } from '../config/tokens';
import { UpstreamHttpRepository } from '../repositories/upstream-http.repository';

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
];

/** The client for each provider prefix this gateway serves. */
@Injectable()
export class ProviderRegistry {
  private readonly clients = new Map<string, ProviderClient>();

  constructor(
    http: UpstreamHttpRepository,
    @Inject(WORKERS_LOGGER) logger: Logger,
    @Inject(WORKERS_SETTINGS) settings: WorkersSettings,
  ) {
    const onDropped = (provider: string, params: string[]) =>
      logger.warn({ provider, params }, 'dropped unsupported parameters');
    const overHttp = (adapter: ProviderAdapter) => new HttpProviderClient(adapter, http, onDropped);
    const openAi = overHttp(openAiAdapter);
    for (const prefix of OPENAI_COMPATIBLE) this.clients.set(prefix, openAi);
    // One line per provider with its own wire format:
    this.clients.set('anthropic', overHttp(anthropicAdapter));
    this.clients.set('gemini', withGeminiEmbeddingUsage(overHttp(geminiAdapter)));
    this.clients.set('bedrock', new BedrockClient({ defaultRegion: settings.awsRegion, onDropped }));
    const cohere = overHttp(cohereAdapter);
    for (const prefix of ['cohere', 'cohere_chat']) this.clients.set(prefix, cohere);
    this.clients.set('azure', overHttp(azureAdapter));
    this.clients.set('mistral', overHttp(mistralAdapter));
  }

  get(provider: string): ProviderClient {
    const client = this.clients.get(provider);
    if (!client) throw new GatewayFailure('bad_request', `provider '${provider}' is not supported by this gateway`);
    return client;
  }

  supports(provider: string): boolean {
    return this.clients.has(provider);
  }
}
