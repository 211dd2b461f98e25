import { listen } from '../fake-http/listen';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody, sleep, untilAborted } from '../fake-upstream/http';
import { IdSource } from '../fake-upstream/ids';
import { isObject, type JsonObject } from '../fake-upstream/json';
import { AnthropicApiError, forcedError, invalidRequest } from './errors';
import { DEFAULT_ANTHROPIC_KNOBS, resolveKnobs, splitKnobPath, type AnthropicKnobs } from './knobs';
import { errorFrame, planMessage, renderMessage, scriptStream } from './reply';
import { validateMessagesRequest } from './validate';

export const FAKE_ANTHROPIC_KEY = 'sk-ant-fake-0123456789';

export interface FakeAnthropicOptions {
  /** The `x-api-key` every request must carry: FAKE_ANTHROPIC_KEY unless set; '' accepts any. */
  apiKey?: string;
  host?: string;
  port?: number;
  defaults?: Partial<AnthropicKnobs>;
}

export interface FakeAnthropicRequest {
  method: string;
  /** Without the `/knobs/...` prefix or query, e.g. `/v1/messages`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
}

export interface FakeAnthropic {
  /** The origin, what an `anthropic/` deployment takes as api_base. */
  url: string;
  port: number;
  readonly requests: readonly FakeAnthropicRequest[];
  clearRequests(): void;
  /** Ends open requests (stalled streams included) and stops listening. */
  close(): Promise<void>;
}

interface Context {
  apiKey: string;
  defaults: Readonly<AnthropicKnobs>;
  ids: IdSource;
  log: FakeAnthropicRequest[];
}

/** A small Messages API (`POST /v1/messages`) that checks requests as strictly as the real one. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const ctx: Context = {
    apiKey: options.apiKey ?? FAKE_ANTHROPIC_KEY,
    defaults: Object.freeze({ ...DEFAULT_ANTHROPIC_KNOBS, ...options.defaults }),
    ids: new IdSource(),
    log: [],
  };
  const server = createServer((req, res) => void handle(ctx, req, res));
  const { url, port, close } = await listen(server, options);
  return {
    url,
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
  const requestId = ctx.ids.next('req_', 24);
  try {
    const rawPath = (req.url ?? '/').split('?')[0];
    const { path, spec } = splitKnobPath(rawPath);
    const text = req.method === 'POST' ? await readBody(req) : '';
    const body = parseJson(text);
    ctx.log.push({ method: req.method ?? 'GET', path, headers: req.headers, body: body ?? (text || undefined) });
    const knobs = resolveKnobs(ctx.defaults, spec, req.headers);
    await sleep(knobs.latencyMs, abort.signal);
    if (req.method !== 'POST' || path !== '/v1/messages') {
      throw new AnthropicApiError(404, 'not_found_error', `${req.method ?? 'GET'} ${path} not found`);
    }
    checkHeaders(ctx.apiKey, req.headers);
    const request = validateMessagesRequest(jsonObject(req.headers, body));
    if (knobs.status !== undefined) throw forcedError(knobs.status, knobs.retryAfter);
    const plan = planMessage(request, knobs, ctx.ids);
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(renderMessage(plan));
      return;
    }
    await writeStream(res, scriptStream(plan, knobs.chunks), knobs, requestId, abort.signal);
  } catch (error) {
    if (abort.signal.aborted) return;
    if (res.headersSent) return void res.destroy();
    const failure =
      error instanceof AnthropicApiError
        ? error
        : new AnthropicApiError(500, 'api_error', `fake-anthropic bug: ${String(error)}`);
    res.writeHead(failure.status, { ...failure.headers, 'content-type': 'application/json', 'request-id': requestId });
    res.end(JSON.stringify(failure.toBody(requestId)));
  }
}

/**
 * The key as `x-api-key` (API version 2023-06-01, what the gateway sends) or as a bearer token
 * (what the official SDK sends since API version 2026-10-21).
 */
function checkHeaders(apiKey: string, headers: IncomingHttpHeaders): void {
  if (apiKey !== '' && headers['x-api-key'] !== apiKey && headers.authorization !== `Bearer ${apiKey}`) {
    throw new AnthropicApiError(401, 'authentication_error', 'invalid x-api-key');
  }
  if (headers['anthropic-version'] === undefined) throw invalidRequest('anthropic-version: header is required');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function jsonObject(headers: IncomingHttpHeaders, body: unknown): JsonObject {
  if (!/^application\/json\s*(;|$)/i.test(headers['content-type'] ?? '')) {
    throw invalidRequest('content-type must be application/json');
  }
  if (!isObject(body)) throw invalidRequest('The request body is not valid JSON.');
  return body;
}

async function writeStream(
  res: ServerResponse,
  script: ReturnType<typeof scriptStream>,
  knobs: AnthropicKnobs,
  requestId: string,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': requestId,
  });
  const { frames, deltaFrames } = script;
  // A stall or an error event cuts the stream after that many content deltas.
  const stallAt =
    knobs.stallAfterChunks === undefined
      ? undefined
      : knobs.stallAfterChunks === 0
        ? deltaFrames[0] - 1
        : deltaFrames[Math.min(knobs.stallAfterChunks, deltaFrames.length) - 1];
  const errorAt = knobs.streamError === undefined ? undefined : deltaFrames[0];
  if (knobs.chunkDelayMs === 0 && stallAt === undefined && errorAt === undefined) return void res.end(frames.join(''));
  for (let i = 0; i < frames.length; i++) {
    if (i > 0) await sleep(knobs.chunkDelayMs, signal);
    res.write(frames[i]);
    if (i === errorAt) return void res.end(errorFrame(knobs.streamError!));
    if (i === stallAt) return untilAborted(signal);
  }
  res.end();
}
