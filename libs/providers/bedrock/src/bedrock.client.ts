import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  type BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import { GatewayFailure } from '@gatehouse/errors';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  ChatRequest,
  ChatResult,
  DeploymentTarget,
  EmbeddingRequest,
  EmbeddingResult,
  ProviderClient,
  StreamStep,
} from '@gatehouse/providers-core';
import { createHash, randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { bedrockModelId, fromConverseResponse, ResponseContext, toConverseRequest } from './bedrock.adapter';
import { fromInvokeModelEmbeddings, toInvokeModelEmbeddings } from './bedrock.embeddings';
import { fromBedrockError } from './bedrock.errors';
import { createConverseStreamTranslator } from './bedrock.stream';
import type { ConverseStreamOutput, EmbeddingCall } from './bedrock.types';

export interface BedrockClientOptions {
  /** Used when a deployment sets no `aws_region_name` (provider-workers passes AWS_REGION, else us-east-1). */
  defaultRegion: string;
  onDropped?: (provider: string, params: string[]) => void;
}

const MAX_SOCKETS = 512;
const TOKEN_COUNT_HEADER = 'x-amzn-bedrock-input-token-count';

/** Bedrock through the AWS SDK: Converse, ConverseStream, and InvokeModel for embeddings. */
export class BedrockClient implements ProviderClient {
  readonly provider = 'bedrock';
  readonly capabilities = { chat: true, stream: true, embeddings: true };
  private readonly runtimes = new Map<string, BedrockRuntimeClient>();

  constructor(private readonly options: BedrockClientOptions) {}

  async chat(request: ChatRequest, target: DeploymentTarget, signal?: AbortSignal): Promise<ChatResult> {
    const { input, dropped } = toConverseRequest({ ...request, stream: false }, target);
    this.reportDropped(dropped);
    const response = await this.withDeadline(target, signal, (abortSignal) =>
      this.runtimeFor(target).send(new ConverseCommand(input), { abortSignal }),
    );
    return fromConverseResponse(response, responseContext(target));
  }

  async *chatStream(request: ChatRequest, target: DeploymentTarget, signal?: AbortSignal): AsyncIterable<StreamStep> {
    const { input, dropped } = toConverseRequest({ ...request, stream: true }, target);
    this.reportDropped(dropped);
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let finished = false;
    try {
      const response = await this.withDeadline(target, abort.signal, (abortSignal) =>
        this.runtimeFor(target).send(new ConverseStreamCommand(input), { abortSignal }),
      );
      if (!response.stream) throw new GatewayFailure('upstream', 'upstream opened no event stream');
      const translator = createConverseStreamTranslator(responseContext(target));
      const events = response.stream[Symbol.asyncIterator]();
      for (;;) {
        const next = await nextWithin(events, target.timeouts.idleMs, abort);
        if (next.done) break;
        const step = translator.push(next.value);
        yield step;
        if (step.done) break;
      }
      finished = true;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A stream left early (client gone, failure) must not keep its upstream connection busy.
      if (!finished) abort.abort();
    }
  }

  async embed(request: EmbeddingRequest, target: DeploymentTarget, signal?: AbortSignal): Promise<EmbeddingResult> {
    const plan = toInvokeModelEmbeddings(request, target);
    const answers = await this.withDeadline(target, signal, (abortSignal) =>
      Promise.all(plan.calls.map((call) => this.invoke(target, call, abortSignal))),
    );
    return fromInvokeModelEmbeddings(plan, answers, bedrockModelId(target.providerModel));
  }

  private async invoke(
    target: DeploymentTarget,
    call: EmbeddingCall,
    abortSignal: AbortSignal,
  ): Promise<{ body: unknown; inputTokens?: number }> {
    const command = new InvokeModelCommand({
      modelId: call.modelId,
      body: new TextEncoder().encode(JSON.stringify(call.body)),
      contentType: 'application/json',
      accept: 'application/json',
    });
    let inputTokens: number | undefined;
    // InvokeModel reports token counts only as response headers, which the SDK's output leaves out.
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string> }).headers ?? {};
        const count = Number(headers[TOKEN_COUNT_HEADER]);
        if (Number.isFinite(count) && headers[TOKEN_COUNT_HEADER] !== undefined) inputTokens = count;
        return result;
      },
      { step: 'deserialize', name: 'gatehouseInputTokenCount' },
    );
    const response = await this.runtimeFor(target).send(command, { abortSignal });
    return { body: JSON.parse(response.body.transformToString()) as unknown, inputTokens };
  }

  /** Bounds the wait for the upstream's answer by the deployment's timeout, mapping every failure. */
  private async withDeadline<T>(
    target: DeploymentTarget,
    signal: AbortSignal | undefined,
    call: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), target.timeouts.requestMs);
    const abortSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      return await call(abortSignal);
    } catch (error) {
      if (deadline.signal.aborted) throw new GatewayFailure('timeout', 'upstream did not answer in time');
      throw fromBedrockError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private runtimeFor(target: DeploymentTarget): BedrockRuntimeClient {
    const key = cacheKey(target, this.options.defaultRegion);
    let runtime = this.runtimes.get(key);
    if (!runtime) {
      runtime = new BedrockRuntimeClient(runtimeConfig(target, this.options.defaultRegion));
      this.runtimes.set(key, runtime);
    }
    return runtime;
  }

  private reportDropped(dropped: string[]): void {
    if (dropped.length > 0) this.options.onDropped?.(this.provider, dropped);
  }
}

async function nextWithin(
  events: AsyncIterator<ConverseStreamOutput>,
  idleMs: number,
  abort: AbortController,
): Promise<IteratorResult<ConverseStreamOutput>> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new GatewayFailure('timeout', 'upstream stream stalled'));
    }, idleMs);
  });
  try {
    return await Promise.race([events.next(), stalled]);
  } catch (error) {
    throw fromBedrockError(error);
  } finally {
    clearTimeout(timer);
  }
}

function runtimeConfig(target: DeploymentTarget, defaultRegion: string): BedrockRuntimeClientConfig {
  const endpoint = endpointOf(target);
  const config: BedrockRuntimeClientConfig = {
    region: regionOf(target, defaultRegion),
    // The router owns retries and fallbacks; a retry here would multiply them.
    maxAttempts: 1,
    // HTTP/1.1 with a keep-alive pool; the SDK's HTTP/2 default is only needed for bidirectional streams.
    requestHandler: new NodeHttpHandler({
      connectionTimeout: target.timeouts.requestMs,
      requestTimeout: Math.max(target.timeouts.requestMs, target.timeouts.idleMs),
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    }),
  };
  if (endpoint) config.endpoint = endpoint;
  const credentials = staticCredentials(target);
  if (credentials) config.credentials = credentials;
  return config;
}

function staticCredentials(target: DeploymentTarget) {
  const accessKeyId = stringParam(target.params, 'aws_access_key_id');
  const secretAccessKey = stringParam(target.params, 'aws_secret_access_key');
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new GatewayFailure(
      'internal',
      `deployment '${target.id}' needs both aws_access_key_id and aws_secret_access_key, or neither`,
    );
  }
  const sessionToken = stringParam(target.params, 'aws_session_token');
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

function endpointOf(target: DeploymentTarget): string | undefined {
  return stringParam(target.params, 'aws_bedrock_runtime_endpoint') ?? (target.apiBase || undefined);
}

function regionOf(target: DeploymentTarget, defaultRegion: string): string {
  return stringParam(target.params, 'aws_region_name') ?? defaultRegion;
}

// Secrets enter the key only as a digest, so the map never holds a second readable copy.
function cacheKey(target: DeploymentTarget, defaultRegion: string): string {
  const credentials = staticCredentials(target);
  const secret = createHash('sha256')
    .update(`${credentials?.secretAccessKey ?? ''}\0${credentials?.sessionToken ?? ''}`)
    .digest('hex');
  const { requestMs, idleMs } = target.timeouts;
  const region = regionOf(target, defaultRegion);
  return JSON.stringify([region, endpointOf(target), credentials?.accessKeyId, secret, requestMs, idleMs]);
}

function stringParam(params: DeploymentTarget['params'], name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function responseContext(target: DeploymentTarget): ResponseContext {
  return {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: bedrockModelId(target.providerModel),
  };
}
