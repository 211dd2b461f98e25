import { listen } from '../fake-http/listen';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  OPENAI_DIALECT,
  OpenAiError,
  startFakeUpstream,
  type FakeUpstream,
  type FakeUpstreamOptions,
  type RecordedRequest,
} from '../fake-upstream';
import { readBody } from '../fake-upstream/http';
import { isObject } from '../fake-upstream/json';
import { stripKnobPrefix } from '../fake-upstream/knobs';
import { fromOpenAiError, MistralError, unauthorized } from './mistral-errors';
import { toOpenAiChat, toOpenAiEmbeddings } from './mistral-request';
import { toMistralStream } from './mistral-stream';

export interface FakeMistral extends FakeUpstream {
  /** What an `api_base` should be (`https://api.mistral.ai/v1` stands here): `url + '/v1'`. */
  apiBase: string;
}

export type FakeMistralOptions = Omit<FakeUpstreamOptions, 'dialect'>;

interface Context {
  apiKey: string | undefined;
  openAi: FakeUpstream;
  log: RecordedRequest[];
  maxLogged: number;
}

/**
 * The OpenAI fake (same knobs, same replies) behind what Mistral checks and answers differently.
 * Mistral's routes (`/v1/chat/completions`, `/v1/embeddings`, `/v1/models`) and bearer key are
 * OpenAI's, but its schema refuses OpenAI-only fields, its errors are top-level and its streams
 * carry usage on the finishing chunk. Bodies cannot be checked through a `FakeDialect`, so this
 * is a thin HTTP front: it records and checks the request, forwards the translated body (knob
 * prefix and `x-fake-*` headers included) to an OpenAI fake, and rewrites its errors and streams.
 */
export async function startFakeMistral(options: FakeMistralOptions = {}): Promise<FakeMistral> {
  const { port: listenPort, host = '127.0.0.1', apiKey, maxLoggedRequests, ...rest } = options;
  const openAi = await startFakeUpstream({ ...rest, host, maxLoggedRequests: 0 });
  const ctx: Context = { apiKey, openAi, log: [], maxLogged: maxLoggedRequests ?? 1000 };
  const server = createServer((req, res) => void handle(ctx, req, res));
  const listening = await listen(server, { host, port: listenPort }).catch(async (error: unknown) => {
    await openAi.close();
    throw error;
  });
  const { url, port } = listening;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrl: `${url}/v1`,
    apiBase: `${url}/v1`,
    port,
    get requests() {
      return ctx.log;
    },
    clearRequests: () => void (ctx.log.length = 0),
    close: () => (closing ??= Promise.all([listening.close(), openAi.close()]).then(() => undefined)),
  };
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  try {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const { path } = stripKnobPrefix(url.split('?', 1)[0]);
    const text = method === 'POST' ? await readBody(req) : '';
    const body = parseJson(text);
    record(ctx, { method, url, path, headers: req.headers, body: body ?? (text || undefined), receivedAt: Date.now() });
    if (ctx.apiKey !== undefined) authenticate(req.headers, ctx.apiKey);
    const forwarded = isObject(body) && method === 'POST' ? toOpenAi(path, body) : undefined;
    await forward(ctx, req, res, forwarded === undefined ? text : JSON.stringify(forwarded), abort.signal);
  } catch (error) {
    if (abort.signal.aborted) return;
    // The OpenAI fake dropped the connection (the hangMs knob) or broke a stream: do the same.
    if (res.headersSent || !(error instanceof MistralError)) return void res.destroy();
    writeJson(res, error.status, error.body, error.headers);
  }
}

/** Mistral's key check is OpenAI's (`Authorization: Bearer`), with its own answer. */
function authenticate(headers: IncomingHttpHeaders, apiKey: string): void {
  try {
    OPENAI_DIALECT.authenticate(headers, apiKey);
  } catch (error) {
    if (error instanceof OpenAiError) throw unauthorized();
    throw error;
  }
}

function toOpenAi(path: string, body: Record<string, unknown>): Record<string, unknown> | undefined {
  if (path === '/v1/chat/completions') return toOpenAiChat(body);
  if (path === '/v1/embeddings') return toOpenAiEmbeddings(body);
  return undefined;
}

/** Only the headers the OpenAI fake acts on: the body's type and per-request knobs. */
function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    if (name === 'content-type' || name.startsWith('x-fake-')) out[name] = value;
  }
  return out;
}

async function forward(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  signal: AbortSignal,
): Promise<void> {
  const method = req.method ?? 'GET';
  const response = await fetch(`${ctx.openAi.url}${req.url ?? '/'}`, {
    method,
    headers: forwardedHeaders(req.headers),
    body: method === 'POST' ? body : undefined,
    signal,
  });
  const headers: Record<string, string> = {};
  const requestId = response.headers.get('x-request-id');
  if (requestId !== null) headers['x-request-id'] = requestId;
  if (!response.ok) {
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter !== null) headers['retry-after'] = retryAfter;
    throw fromOpenAiError(response.status, parseJson(await response.text()), headers);
  }
  const type = response.headers.get('content-type') ?? 'application/json';
  if (!type.startsWith('text/event-stream') || response.body === null) {
    return writeRaw(res, response.status, await response.text(), { ...headers, 'content-type': type });
  }
  res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': 'no-cache' });
  for await (const text of toMistralStream(response.body)) res.write(text);
  res.end();
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>>) {
  writeRaw(res, status, JSON.stringify(body), { ...headers, 'content-type': 'application/json' });
}

function writeRaw(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end(body);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function record(ctx: Context, entry: RecordedRequest): void {
  if (ctx.maxLogged === 0) return;
  ctx.log.push(entry);
  if (ctx.log.length > ctx.maxLogged) ctx.log.shift();
}
