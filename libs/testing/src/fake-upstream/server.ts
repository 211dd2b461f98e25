import { listen } from '../fake-http/listen';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { parseChatRequest } from './chat-request';
import { planChat, renderCompletion } from './chat';
import { createEmbeddings } from './embeddings';
import {
  contentPolicyViolation,
  contextLengthExceeded,
  forcedError,
  invalidApiKey,
  invalidRequest,
  invalidUrl,
  OpenAiError,
} from './errors';
import { readBody, sleep, untilAborted, writeError, writeJson, writeStream } from './http';
import { IdSource } from './ids';
import { isObject, type JsonObject } from './json';
import {
  DEFAULT_KNOBS,
  knobsFromHeaders,
  parseKnobSpec,
  resolveKnobs,
  stripKnobPrefix,
  validateKnobs,
  type FakeKnobs,
} from './knobs';
import { listModels, retrieveModel } from './models';
import { scriptStream, type StreamScript } from './stream';

export interface FakeUpstreamOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  defaults?: Partial<FakeKnobs>;
  /** How many requests `requests` keeps (oldest dropped first); 0 disables logging. Default 1000. */
  maxLoggedRequests?: number;
  /** URL scheme and credentials of an OpenAI-compatible API with its own routes (Azure); OpenAI's by default. */
  dialect?: FakeDialect;
}

/** The endpoints every dialect serves with the same OpenAI bodies. */
export type FakeRoute =
  | { endpoint: 'chat' | 'embeddings'; /** used when the body names no model */ model?: string }
  | { endpoint: 'models' }
  | { endpoint: 'model'; id: string };

/** What differs between OpenAI and an API that reuses its bodies under other URLs and headers. */
export interface FakeDialect {
  /** Maps a request to an endpoint, or throws an OpenAiError (404 for an unknown URL). */
  route(method: string, path: string, query: URLSearchParams): FakeRoute;
  /** Throws an OpenAiError unless the request carries the credential `apiKey`. */
  authenticate(headers: IncomingHttpHeaders, apiKey: string): void;
}

/** OpenAI's own routes under `/v1` and `Authorization: Bearer`. */
export const OPENAI_DIALECT: FakeDialect = {
  route(method, path) {
    if (method === 'POST' && path === '/v1/chat/completions') return { endpoint: 'chat' };
    if (method === 'POST' && path === '/v1/embeddings') return { endpoint: 'embeddings' };
    if (method === 'GET' && path === '/v1/models') return { endpoint: 'models' };
    if (method === 'GET' && path.startsWith('/v1/models/')) {
      return { endpoint: 'model', id: decodeURIComponent(path.slice('/v1/models/'.length)) };
    }
    throw invalidUrl(method, path);
  },
  authenticate(headers, apiKey) {
    const authorization = headers.authorization;
    if (authorization === undefined || !authorization.startsWith('Bearer ')) throw invalidApiKey(undefined);
    const provided = authorization.slice('Bearer '.length).trim();
    if (provided !== apiKey) throw invalidApiKey(provided);
  },
};

export interface RecordedRequest {
  method: string;
  /** The raw request URL, knob prefix and query string included. */
  url: string;
  /** The path without any `/knobs/...` prefix or query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  receivedAt: number;
}

export interface FakeUpstream {
  /** e.g. `http://127.0.0.1:9100` */
  url: string;
  /** `url + '/v1'`, what an OpenAI client takes as its base URL. */
  baseUrl: string;
  port: number;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Ends every open request (stalled streams and hangs included) and stops listening. */
  close(): Promise<void>;
}

type Reply =
  | { kind: 'json'; status: number; body: string }
  | { kind: 'stream'; script: StreamScript }
  | { kind: 'error'; error: OpenAiError };

type ParsedBody = { ok: true; value: unknown } | { ok: false };

interface Context {
  apiKey: string | undefined;
  dialect: FakeDialect;
  defaults: Readonly<FakeKnobs>;
  ids: IdSource;
  log: RecordedRequest[];
  maxLogged: number;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  validateKnobs(options.defaults ?? {});
  const ctx: Context = {
    apiKey: options.apiKey,
    dialect: options.dialect ?? OPENAI_DIALECT,
    defaults: Object.freeze({ ...DEFAULT_KNOBS, ...options.defaults }),
    ids: new IdSource(),
    log: [],
    maxLogged: options.maxLoggedRequests ?? 1000,
  };
  const server = createServer((req, res) => void handle(ctx, req, res));
  // Longer than common client pools' idle timeouts, so benchmarks never race a server-side close.
  server.keepAliveTimeout = 65_000;
  const { url, port, close } = await listen(server, options);
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    get requests() {
      return ctx.log;
    },
    clearRequests: () => void (ctx.log.length = 0),
    close,
  };
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const headers: OutgoingHttpHeaders = { 'x-request-id': ctx.ids.next('req_', 32) };
  try {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const { path, spec } = stripKnobPrefix(queryAt === -1 ? url : url.slice(0, queryAt));
    const text = method === 'POST' ? await readBody(req) : '';
    const body = parseJson(text);
    record(ctx, {
      method,
      url,
      path,
      headers: req.headers,
      body: body.ok ? body.value : text || undefined,
      receivedAt: Date.now(),
    });

    const knobs = resolveKnobs(ctx.defaults, parseKnobSpec(spec), knobsFromHeaders(req.headers));
    if (knobs.timeout) return await untilAborted(abort.signal);
    if (knobs.hangMs !== undefined) {
      await sleep(knobs.hangMs, abort.signal);
      req.socket.destroy();
      return;
    }
    const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
    let reply = replyTo(ctx, { method, path, query, headers: req.headers }, body, knobs);
    if (reply.kind !== 'error' && knobs.status !== undefined) {
      reply = { kind: 'error', error: forcedError(knobs.status, knobs.retryAfter) };
    } else if (reply.kind !== 'error' && knobs.contextOverflow) {
      reply = { kind: 'error', error: contextLengthExceeded() };
    } else if (reply.kind !== 'error' && knobs.contentFilter) {
      reply = { kind: 'error', error: contentPolicyViolation() };
    }
    await sleep(knobs.latencyMs, abort.signal);
    if (reply.kind === 'json') writeJson(res, reply.status, reply.body, headers);
    else if (reply.kind === 'error') writeError(res, reply.error, headers);
    else await writeStream(res, reply.script, knobs, headers, abort.signal);
  } catch (error) {
    if (abort.signal.aborted) return;
    if (res.headersSent) return void res.destroy();
    if (error instanceof OpenAiError) return writeError(res, error, headers);
    writeError(res, new OpenAiError(500, 'server_error', `fake-upstream bug: ${String(error)}`), headers);
  }
}

interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

function replyTo(ctx: Context, req: Incoming, body: ParsedBody, knobs: Readonly<FakeKnobs>): Reply {
  try {
    if (ctx.apiKey !== undefined) ctx.dialect.authenticate(req.headers, ctx.apiKey);
    const route = ctx.dialect.route(req.method, req.path, req.query);
    switch (route.endpoint) {
      case 'chat': {
        const request = parseChatRequest(withModel(jsonBody(req.headers, body), route.model));
        const plan = planChat(request, knobs, ctx.ids);
        if (!request.stream) return { kind: 'json', status: 200, body: renderCompletion(plan) };
        const options = {
          chunks: knobs.chunks,
          includeUsage: request.includeUsage,
          includeObfuscation: request.includeObfuscation,
        };
        return { kind: 'stream', script: scriptStream(plan, options) };
      }
      case 'embeddings': {
        const request = withModel(jsonBody(req.headers, body), route.model);
        return { kind: 'json', status: 200, body: createEmbeddings(request, knobs) };
      }
      case 'models':
        return { kind: 'json', status: 200, body: listModels() };
      case 'model':
        return { kind: 'json', status: 200, body: retrieveModel(route.id) };
    }
  } catch (error) {
    if (error instanceof OpenAiError) return { kind: 'error', error };
    throw error;
  }
}

function withModel(body: JsonObject, model: string | undefined): JsonObject {
  return model === undefined || body.model !== undefined ? body : { ...body, model };
}

function jsonBody(headers: IncomingHttpHeaders, body: ParsedBody): JsonObject {
  const type = headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw invalidRequest(
      `Unsupported content type: '${type}'. This API method only accepts 'application/json' requests, but you specified the header 'Content-Type: ${type}'. Please try again with a supported content type.`,
    );
  }
  if (!body.ok) {
    throw invalidRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    );
  }
  if (!isObject(body.value)) throw invalidRequest('Invalid request body: expected a JSON object.');
  return body.value;
}

function parseJson(text: string): ParsedBody {
  if (text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function record(ctx: Context, entry: RecordedRequest): void {
  if (ctx.maxLogged === 0) return;
  ctx.log.push(entry);
  if (ctx.log.length > ctx.maxLogged) ctx.log.shift();
}
