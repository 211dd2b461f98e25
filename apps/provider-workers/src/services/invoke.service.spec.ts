import { parseGatewayConfig } from '@gatehouse/config';
import { ChatRequest, DeploymentTarget, ProviderClient } from '@gatehouse/providers-core';
import { firstValueFrom, lastValueFrom, take } from 'rxjs';
import { DeploymentCatalog } from '../config/deployment-catalog';
import { InvokeService } from './invoke.service';
import { ProviderRegistry } from './provider-registry';

const CONFIG = `model_list:
  - model_name: "*"
    model_info: { id: any }
    litellm_params: { model: "openai/*", api_key: sk-any }
  - model_name: "anthropic/claude-*"
    model_info: { id: claude }
    litellm_params: { model: "anthropic/claude-*", api_key: sk-ant }
  - model_name: chat
    model_info: { id: chat }
    litellm_params: { model: openai/gpt-4o, api_key: sk-chat }
`;

const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2, cachedPromptTokens: 0, reasoningTokens: 0 };
const context = { requestId: 'r', traceparent: '' };

async function setup() {
  const sent: DeploymentTarget[] = [];
  const client: Partial<ProviderClient> = {
    chat: (_request, target) => {
      sent.push(target);
      const completion = { id: 'x', object: 'chat.completion' as const, created: 1, model: 'm', choices: [] };
      return Promise.resolve({ completion, usage });
    },
  };
  const registry = { get: () => client } as unknown as ProviderRegistry;
  const catalog = await DeploymentCatalog.build(parseGatewayConfig(CONFIG, 'config.yaml', {}));
  const chat = async (deploymentId: string, model: string) => {
    const request: ChatRequest = { model, messages: [{ role: 'user', content: 'hi' }] };
    await new InvokeService(catalog, registry).chat({ context, deploymentId, request });
    return sent[sent.length - 1];
  };
  return { chat };
}

describe('InvokeService with wildcard deployments', () => {
  it('sends upstream the provider model the requested model fills in', async () => {
    const { chat } = await setup();
    expect((await chat('any', 'openai/gpt-4o-mini')).providerModel).toBe('gpt-4o-mini');
    expect((await chat('any', 'gpt-4.1')).providerModel).toBe('gpt-4.1');
    expect(await chat('claude', 'anthropic/claude-3-5-sonnet')).toMatchObject({
      provider: 'anthropic',
      providerModel: 'claude-3-5-sonnet',
      apiKey: 'sk-ant',
    });
  });

  it('sends a deployment without wildcards its configured model, whatever the request names', async () => {
    const { chat } = await setup();
    expect((await chat('chat', 'chat')).providerModel).toBe('gpt-4o');
  });

  it('refuses a model the wildcard deployment does not serve, rather than sending its pattern', async () => {
    const { chat } = await setup();
    await expect(chat('claude', 'claude-fast')).rejects.toMatchObject({
      kind: 'not_found',
      message: "deployment 'claude' serves models matching 'anthropic/claude-*', which 'claude-fast' does not",
    });
  });
});

describe('InvokeService streams', () => {
  const request: ChatRequest = { model: 'chat', messages: [{ role: 'user', content: 'hi' }], stream: true };
  const chunk = { id: 'x', object: 'chat.completion.chunk' as const, created: 1, model: 'm', choices: [] };

  async function streaming(steps: (signal: AbortSignal) => AsyncIterable<{ chunks: (typeof chunk)[] }>) {
    const signals: AbortSignal[] = [];
    const client: Partial<ProviderClient> = {
      chatStream: (_request, _target, signal) => {
        signals.push(signal!);
        return steps(signal!) as ReturnType<ProviderClient['chatStream']>;
      },
    };
    const registry = { get: () => client } as unknown as ProviderRegistry;
    const catalog = await DeploymentCatalog.build(parseGatewayConfig(CONFIG, 'config.yaml', {}));
    const stream = new InvokeService(catalog, registry).chatStream({ context, deploymentId: 'chat', request });
    return { stream, signals };
  }

  it('aborts the upstream call when the subscriber leaves before the end', async () => {
    const { stream, signals } = await streaming(async function* (signal) {
      yield { chunks: [chunk] };
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    });
    await firstValueFrom(stream.pipe(take(1)));
    expect(signals[0].aborted).toBe(true);
  });

  it('leaves a stream that ended alone', async () => {
    const { stream, signals } = await streaming(async function* () {
      await Promise.resolve();
      yield { chunks: [chunk], usage };
    });
    await expect(lastValueFrom(stream)).resolves.toEqual({ usage });
    expect(signals[0].aborted).toBe(false);
  });
});
