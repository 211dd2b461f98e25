import { listen } from '../fake-http/listen';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody, untilAborted } from '../fake-upstream/http';
import { isObject, type JsonObject } from '../fake-upstream/json';
import { stripKnobPrefix } from '../fake-upstream/knobs';
import { CohereApiError, CONTEXT_OVERFLOW_MESSAGE, forcedCohereError } from './errors';
import { planChat, renderChat, renderEmbed, scriptChatStream } from './reply';
import { validateChat, validateEmbed } from './validate';

export const FAKE_COHERE_KEY = 'co-fake-cohere-key';

export interface FakeCohereOptions {
  /** The bearer key every request must carry; FAKE_COHERE_KEY unless set. */
  apiKey?: string;
  host?: string;
}

export interface FakeCohereRequest {
  method: string;
  /** Without the `/knobs/...` prefix, e.g. `/v2/chat`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeCohere {
  url: string;
  readonly requests: readonly FakeCohereRequest[];
  close(): Promise<void>;
}

/**
 * Path-prefix knobs an `api_base` can carry: `http://host:port/knobs/status=429,retryAfter=7`.
 * `status` forces Cohere's error for that status, `overflow` its context-window 400, and
 * `stallAfterChunks=N` stops a stream after N content deltas without ending it.
 */
interface Knobs {
  status?: number;
  retryAfter: number;
  overflow: boolean;
  stallAfterChunks?: number;
}

function parseKnobs(spec: string | undefined): Knobs {
  const knobs: Knobs = { retryAfter: 1, overflow: false };
  for (const pair of (spec ?? '').split(',').filter(Boolean)) {
    const [name, raw = 'true'] = pair.split('=');
    const value = Number(raw);
    if (name === 'overflow') knobs.overflow = raw === 'true';
    else if (name === 'status' && value >= 400 && value <= 599) knobs.status = value;
    else if (name === 'retryAfter' && Number.isInteger(value)) knobs.retryAfter = value;
    else if (name === 'stallAfterChunks' && Number.isInteger(value)) knobs.stallAfterChunks = value;
    else throw new CohereApiError(400, `invalid request: unknown fake-cohere knob '${pair}'`);
  }
  return knobs;
}

function authenticate(expected: string, header: string | undefined): void {
  if (header !== `Bearer ${expected}`) throw new CohereApiError(401, 'invalid api token');
}

function parseJson(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // answered below
  }
  throw new CohereApiError(400, 'invalid request: body must be a JSON object');
}

function writeJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(body);
}

async function writeChatStream(res: ServerResponse, body: JsonObject, knobs: Knobs, signal: AbortSignal) {
  const { frames, contentAt } = scriptChatStream(planChat(body));
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (knobs.stallAfterChunks === undefined) return void res.end(frames.join(''));
  res.write(frames.slice(0, contentAt + knobs.stallAfterChunks).join(''));
  await untilAborted(signal);
}

async function answer(req: IncomingMessage, res: ServerResponse, apiKey: string, log: FakeCohereRequest[]) {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const { path, spec } = stripKnobPrefix((req.url ?? '/').split('?')[0]);
  const text = req.method === 'POST' ? await readBody(req) : '';
  log.push({ method: req.method ?? 'GET', path, headers: req.headers, body: text ? safeParse(text) : undefined });
  const knobs = parseKnobs(spec);
  authenticate(apiKey, req.headers.authorization);
  const route = `${req.method ?? 'GET'} ${path}`;
  if (route !== 'POST /v2/chat' && route !== 'POST /v2/embed') throw new CohereApiError(404, `Not Found: ${route}`);
  const body = parseJson(text);
  if (path === '/v2/embed') validateEmbed(body);
  else validateChat(body);
  if (knobs.status !== undefined) throw forcedCohereError(knobs.status, knobs.retryAfter);
  if (path === '/v2/embed') return writeJson(res, 200, renderEmbed(body));
  if (knobs.overflow) throw new CohereApiError(400, CONTEXT_OVERFLOW_MESSAGE);
  if (body.stream === true) return writeChatStream(res, body, knobs, abort.signal);
  writeJson(res, 200, renderChat(planChat(body)));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A node:http server speaking Cohere's v2 chat and embed APIs closely enough to catch translation bugs. */
export async function startFakeCohere(options: FakeCohereOptions = {}): Promise<FakeCohere> {
  const apiKey = options.apiKey ?? FAKE_COHERE_KEY;
  const log: FakeCohereRequest[] = [];
  const server = createServer((req, res) => {
    answer(req, res, apiKey, log).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const failure =
        error instanceof CohereApiError ? error : new CohereApiError(500, `fake-cohere bug: ${String(error)}`);
      writeJson(res, failure.status, JSON.stringify(failure.toBody()), { ...failure.headers });
    });
  });
  const { url, close } = await listen(server, { host: options.host });
  return { url, requests: log, close };
}
