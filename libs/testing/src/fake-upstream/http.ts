import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { OpenAiError } from './errors';
import type { StreamScript } from './stream';

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      done = true;
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', reject);
    req.once('close', () => {
      if (!done) reject(new Error('request closed before its body was read'));
    });
  });
}

/** Resolves after `ms`, rejects with an AbortError once the response is closed; no timer for 0. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await delay(ms, undefined, { signal });
}

/** Resolves when the client goes away or the server closes: "never respond" without leaking timers. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export function writeJson(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders): void {
  headers['content-type'] = 'application/json';
  res.writeHead(status, headers);
  res.end(body);
}

export function writeError(res: ServerResponse, error: OpenAiError, headers: OutgoingHttpHeaders): void {
  writeJson(res, error.status, JSON.stringify(error.toBody()), { ...headers, ...error.headers });
}

export interface Pacing {
  chunkDelayMs: number;
  stallAfterChunks?: number;
}

export async function writeStream(
  res: ServerResponse,
  script: StreamScript,
  pacing: Pacing,
  headers: OutgoingHttpHeaders,
  signal: AbortSignal,
): Promise<void> {
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  res.writeHead(200, headers);
  const { steps, contentSteps } = script;
  if (pacing.chunkDelayMs === 0 && pacing.stallAfterChunks === undefined) {
    // Fast path for benchmarks: the whole stream in one write.
    res.end(steps.join(''));
    return;
  }
  // Step 0 is the role chunk, so a stall after N content chunks cuts after step N.
  const stallAt = pacing.stallAfterChunks === undefined ? Infinity : Math.min(pacing.stallAfterChunks, contentSteps);
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) await sleep(pacing.chunkDelayMs, signal);
    res.write(steps[i]);
    if (i === stallAt) {
      await untilAborted(signal);
      return;
    }
  }
  res.end();
}
