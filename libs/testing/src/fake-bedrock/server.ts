import { listen } from '../fake-http/listen';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody, sleep, untilAborted } from '../fake-upstream/http';
import { stripKnobPrefix } from '../fake-upstream/knobs';
import { applyGuardrail, type FakeGuardrail } from './apply-guardrail';
import { planConverse, renderConverse, streamEvents } from './converse-reply';
import { validateConverse } from './converse-validate';
import { invokeEmbedding } from './embeddings';
import { BedrockError, contextOverflow, FORCED, validation } from './errors';

export interface FakeBedrockOptions {
  /** The access key id every request must be signed with (SigV4). */
  accessKeyId: string;
  region?: string;
  /** ApplyGuardrail's guardrails, by identifier; any other identifier is Bedrock's ResourceNotFoundException. */
  guardrails?: Readonly<Record<string, FakeGuardrail>>;
}

export interface FakeBedrockRequest {
  path: string;
  /** The model a Converse, ConverseStream or InvokeModel call names. */
  modelId?: string;
  /** The guardrail an ApplyGuardrail call names. */
  guardrail?: { identifier: string; version: string };
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeBedrock {
  url: string;
  readonly requests: readonly FakeBedrockRequest[];
  close(): Promise<void>;
}

/** Path-prefix knobs (`/knobs/status=429/…`), as the endpoint override is a base URL. */
interface Knobs {
  status?: number;
  contextOverflow?: boolean;
  stallAfterChunks?: number;
  chunks: number;
  /** Wait this long before answering, so a caller's timeout can fire first. */
  delayMs?: number;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;
const GUARDRAIL_ROUTE = /^\/guardrail\/([^/]+)\/version\/([^/]+)\/apply$/;

type ModelOperation = 'converse' | 'converse-stream' | 'invoke';
type Route =
  | { operation: ModelOperation; modelId: string }
  | { operation: 'apply-guardrail'; guardrail: { identifier: string; version: string } };

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** A Bedrock Runtime stand-in speaking its REST protocol: Converse, ConverseStream, InvokeModel, ApplyGuardrail. */
export async function startFakeBedrock(options: FakeBedrockOptions): Promise<FakeBedrock> {
  const requests: FakeBedrockRequest[] = [];
  const region = options.region ?? 'us-east-1';
  const guardrails = options.guardrails ?? {};
  const server = createServer((req, res) => void handle(req, res, options.accessKeyId, region, guardrails, requests));
  const { url, close } = await listen(server);
  return { url, requests, close };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  accessKeyId: string,
  region: string,
  guardrails: Readonly<Record<string, FakeGuardrail>>,
  requests: FakeBedrockRequest[],
): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  try {
    const { path, spec } = stripKnobPrefix((req.url ?? '/').split('?')[0]);
    const knobs = parseKnobs(spec);
    const route = routeOf(req.method, path);
    const text = await readBody(req);
    const body = parseJson(text);
    requests.push(
      route.operation === 'apply-guardrail'
        ? { path, guardrail: route.guardrail, headers: req.headers, body }
        : { path, modelId: route.modelId, headers: req.headers, body },
    );
    checkSignature(req.headers, accessKeyId, region);
    if (knobs.delayMs !== undefined) await sleep(knobs.delayMs, abort.signal);
    if (knobs.contextOverflow) throw contextOverflow();
    if (knobs.status !== undefined) throw (FORCED[knobs.status] ?? FORCED[500])();
    if (route.operation === 'apply-guardrail') {
      return writeJson(res, 200, applyGuardrail(guardrails, route.guardrail.identifier, route.guardrail.version, body));
    }
    if (route.operation === 'invoke') return writeInvoke(res, route.modelId, body);
    const plan = planConverse(validateConverse(body));
    if (route.operation === 'converse') return writeJson(res, 200, renderConverse(plan));
    await writeEventStream(res, streamEvents(plan, knobs.chunks), knobs.stallAfterChunks, abort.signal);
  } catch (error) {
    if (abort.signal.aborted || res.headersSent) return void res.destroy();
    const failure =
      error instanceof BedrockError ? error : new BedrockError(500, 'InternalServerException', String(error));
    writeError(res, failure);
  }
}

function routeOf(method: string | undefined, path: string): Route {
  const model = ROUTE.exec(path);
  if (method === 'POST' && model) {
    return { operation: model[2] as ModelOperation, modelId: decodeURIComponent(model[1]) };
  }
  const guardrail = GUARDRAIL_ROUTE.exec(path);
  if (method === 'POST' && guardrail) {
    const [identifier, version] = [guardrail[1], guardrail[2]].map(decodeURIComponent);
    return { operation: 'apply-guardrail', guardrail: { identifier, version } };
  }
  throw new BedrockError(404, 'UnknownOperationException', 'Unknown operation');
}

/** Bedrock refuses an unsigned request; the credential scope must name this key, region and service. */
function checkSignature(headers: IncomingHttpHeaders, accessKeyId: string, region: string): void {
  const auth = headers.authorization ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/bedrock\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(
      auth,
    );
  if (!match || typeof headers['x-amz-date'] !== 'string') {
    throw new BedrockError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  if (match[1] !== accessKeyId) {
    throw new BedrockError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (match[3] !== region) {
    throw new BedrockError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${match[3]}'.`,
    );
  }
  if (!match[4].split(';').includes('host') || !match[4].split(';').includes('x-amz-date')) {
    throw new BedrockError(403, 'InvalidSignatureException', 'host and x-amz-date must be signed.');
  }
}

function writeInvoke(res: ServerResponse, modelId: string, body: unknown): void {
  const result = invokeEmbedding(modelId, body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    'x-amzn-bedrock-input-token-count': String(result.inputTokens),
  });
  res.end(result.body);
}

async function writeEventStream(
  res: ServerResponse,
  events: [string, Record<string, unknown>][],
  stallAfterChunks: number | undefined,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
  let deltas = 0;
  for (const [type, payload] of events) {
    res.write(encodeEvent(type, payload));
    if (type === 'contentBlockDelta' && ++deltas === stallAfterChunks) return untilAborted(signal);
  }
  res.end();
}

function encodeEvent(type: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':message-type': { type: 'string', value: 'event' },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    // Bedrock pads every event with a `p` field to hide the payload length.
    body: fromUtf8(JSON.stringify({ ...payload, p: 'abcdefghij' })),
  });
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

function writeError(res: ServerResponse, error: BedrockError): void {
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': `${error.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  });
  res.end(JSON.stringify({ message: error.message }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BedrockError(400, 'SerializationException', 'Could not parse the request body as JSON.');
  }
}

function parseKnobs(spec: string | undefined): Knobs {
  const knobs: Knobs = { chunks: 3 };
  for (const pair of (spec ?? '').split(',').filter(Boolean)) {
    const [name, raw = 'true'] = pair.split('=');
    const value = Number(raw);
    if (name === 'status' && Number.isInteger(value)) knobs.status = value;
    else if (name === 'contextOverflow') knobs.contextOverflow = raw === 'true';
    else if (name === 'stallAfterChunks' && Number.isInteger(value)) knobs.stallAfterChunks = value;
    else if (name === 'chunks' && Number.isInteger(value) && value > 0) knobs.chunks = value;
    else if (name === 'delayMs' && Number.isInteger(value) && value >= 0) knobs.delayMs = value;
    else throw validation(`fake-bedrock: unknown or malformed knob '${pair}'`);
  }
  return knobs;
}
