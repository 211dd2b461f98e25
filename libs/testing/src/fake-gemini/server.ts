import { listen } from '../fake-http/listen';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  contextOverflow,
  forcedError,
  GoogleError,
  invalidApiKey,
  invalidArgument,
  missingApiKey,
  notFound,
} from './errors';
import { DEFAULT_GEMINI_KNOBS, knobsFromPath, type FakeGeminiKnobs } from './knobs';
import { renderBatchEmbed, renderGenerate, scriptStream } from './reply';
import { parseGenerateRequest } from './request';

export interface FakeGeminiOptions {
  /** When set, every request must carry `x-goog-api-key: <apiKey>`. */
  apiKey?: string;
  defaults?: Partial<FakeGeminiKnobs>;
}

export interface RecordedGeminiRequest {
  method: string;
  /** Raw URL, knob prefix and query included. */
  url: string;
  /** Path without the knob prefix or query, e.g. `/v1beta/models/gemini-2.0-flash:generateContent`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeGemini {
  url: string;
  readonly requests: readonly RecordedGeminiRequest[];
  close(): Promise<void>;
}

type Reply = { kind: 'json'; body: string } | { kind: 'stream'; frames: string[] };

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/;

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const defaults = { ...DEFAULT_GEMINI_KNOBS, ...options.defaults };
  const requests: RecordedGeminiRequest[] = [];
  let ids = 0;
  const server = createServer((req, res) => {
    void handle(req, res, { apiKey: options.apiKey, defaults, requests, nextId: () => `fake-gemini-${++ids}` });
  });
  const { url, close } = await listen(server);
  return { url, requests, close };
}

interface Context {
  apiKey: string | undefined;
  defaults: Readonly<FakeGeminiKnobs>;
  requests: RecordedGeminiRequest[];
  nextId: () => string;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const aborted = new Promise<void>((resolve) => res.once('close', () => resolve()));
  try {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    const { path, knobs } = knobsFromPath(url.pathname, ctx.defaults);
    const body = parseJson(text);
    ctx.requests.push({ method: req.method ?? '', url: req.url ?? '', path, headers: req.headers, body });
    const reply = replyTo(req, url, path, body, knobs, ctx);
    if (knobs.contextOverflow) throw contextOverflow();
    if (knobs.status !== undefined) throw forcedError(knobs.status, knobs.retryAfter);
    if (reply.kind === 'json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(reply.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const stallAt = knobs.stallAfterChunks;
    for (const [i, frame] of reply.frames.entries()) {
      if (stallAt !== undefined && i === stallAt) return await aborted;
      res.write(frame);
    }
    res.end();
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    const failure =
      error instanceof GoogleError ? error : new GoogleError(500, 'INTERNAL', `fake-gemini bug: ${String(error)}`);
    res
      .writeHead(failure.code, { 'content-type': 'application/json; charset=UTF-8', ...failure.headers })
      .end(JSON.stringify(failure.toBody()));
  }
}

function replyTo(
  req: IncomingMessage,
  url: URL,
  path: string,
  body: unknown,
  knobs: FakeGeminiKnobs,
  ctx: Context,
): Reply {
  const route = ROUTE.exec(path);
  if (req.method !== 'POST' || !route) throw notFound(`Requested entity was not found (${req.method} ${path}).`);
  authenticate(ctx.apiKey, req.headers['x-goog-api-key']);
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw invalidArgument('Invalid JSON payload received. Content-Type must be application/json.');
  }
  if (body === undefined) throw invalidArgument('Invalid JSON payload received. Unexpected token.');
  const [, model, method] = route;
  if (method === 'batchEmbedContents') return { kind: 'json', body: renderBatchEmbed(body, model) };
  const request = parseGenerateRequest(body);
  if (method === 'generateContent') return { kind: 'json', body: renderGenerate(request, model, ctx.nextId()) };
  // Without alt=sse the real API streams one JSON array; this fake only speaks the SSE form.
  if (url.searchParams.get('alt') !== 'sse') throw invalidArgument('fake-gemini: streamGenerateContent needs ?alt=sse');
  return { kind: 'stream', frames: scriptStream(request, model, ctx.nextId(), knobs.chunks) };
}

function authenticate(apiKey: string | undefined, provided: string | string[] | undefined): void {
  if (apiKey === undefined) return;
  if (provided === undefined) throw missingApiKey();
  if (provided !== apiKey) throw invalidApiKey();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
