import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  type ApplyGuardrailResponse,
  type BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import { SecretResolvers } from '@gatehouse/config';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { GuardrailEngine, GuardrailInput, GuardrailVerdict } from '../guardrail-engine';
import { fromApplyGuardrailResponse, toApplyGuardrailRequest } from './apply-guardrail-mapping';
import { BedrockCredentialParams, BedrockGuardrailSettings } from './bedrock-guardrail-params';
import { describeFailure } from './describe-failure';

const MAX_SOCKETS = 256;

interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface Connection {
  runtime: BedrockRuntimeClient;
  /** The resolved credential values, cut out of any failure message. */
  secrets: string[];
}

/**
 * A Bedrock guardrail checked through ApplyGuardrail. The client, and the credentials it signs with,
 * are made on the first check and kept, so start-up needs neither the secret store nor Bedrock.
 */
export class BedrockGuardrailEngine implements GuardrailEngine {
  /** Only `mask_request_content` lets a check of input answer `mask`. */
  readonly masksInput: boolean;
  private connection: Promise<Connection> | undefined;

  constructor(
    readonly name: string,
    private readonly settings: BedrockGuardrailSettings,
    private readonly resolvers: SecretResolvers,
  ) {
    this.masksInput = settings.mask.input;
  }

  async check(input: GuardrailInput): Promise<GuardrailVerdict> {
    // ApplyGuardrail refuses an empty content list, and there is nothing to inspect.
    if (input.texts.length === 0) return { action: 'pass' };
    const { runtime, secrets } = await this.connect();
    let response: ApplyGuardrailResponse;
    try {
      const command = new ApplyGuardrailCommand(toApplyGuardrailRequest(this.settings, input));
      response = await runtime.send(command, { abortSignal: input.signal });
    } catch (error) {
      // Not the SDK's error as the cause: its hidden `$response` keeps the signed request, whose
      // Authorization header names the access key id, and a cause travels wherever the error is logged.
      // eslint-disable-next-line preserve-caught-error -- dropped on purpose, as said above
      throw new Error(`Bedrock ApplyGuardrail failed: ${describeFailure(error, secrets)}`);
    }
    const applyMask = input.source === 'input' ? this.settings.mask.input : this.settings.mask.output;
    return fromApplyGuardrailResponse(response, input.texts.length, applyMask);
  }

  /** Concurrent first checks share one connection; a failed one (secret store down) is tried again next check. */
  private connect(): Promise<Connection> {
    this.connection ??= this.open().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async open(): Promise<Connection> {
    const written = this.settings.credentials;
    const credentials = written ? await resolveCredentials(written, this.resolvers) : undefined;
    return {
      runtime: new BedrockRuntimeClient(runtimeConfig(this.settings, credentials)),
      secrets: credentials
        ? [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? '']
        : [],
    };
  }
}

async function resolveCredentials(
  written: BedrockCredentialParams,
  resolvers: SecretResolvers,
): Promise<StaticCredentials> {
  const [accessKeyId, secretAccessKey, sessionToken] = await Promise.all([
    written.accessKeyId.resolve(resolvers),
    written.secretAccessKey.resolve(resolvers),
    written.sessionToken?.resolve(resolvers),
  ]);
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

function runtimeConfig(
  settings: BedrockGuardrailSettings,
  credentials?: StaticCredentials,
): BedrockRuntimeClientConfig {
  const config: BedrockRuntimeClientConfig = {
    region: settings.region,
    // The guardrail's timeout bounds a check and its fail_open policy answers an outage; a retry here would overrun both.
    maxAttempts: 1,
    // HTTP/1.1 with a keep-alive pool, as for Bedrock chat: a check on every request must not pay a handshake each time.
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    }),
  };
  // Without api_base the SDK itself honours AWS_ENDPOINT_URL_BEDROCK_RUNTIME, then AWS_ENDPOINT_URL.
  if (settings.endpoint) config.endpoint = settings.endpoint;
  // Without credentials in params, the SDK's default chain (env, profile, container or instance role).
  if (credentials) config.credentials = credentials;
  return config;
}
