import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { HttpTransport, StreamOpen, Timeouts, UpstreamRequest, UpstreamResponse } from '@gatehouse/providers-core';
import { createParser } from 'eventsource-parser';
import { Agent, Dispatcher, errors, request } from 'undici';

/** Every provider's HTTP goes through this one pooled client (keep-alive per upstream origin). */
@Injectable()
export class UpstreamHttpRepository implements HttpTransport, OnModuleDestroy {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 512 });

  async sendJson(upstream: UpstreamRequest, timeouts: Timeouts, signal?: AbortSignal): Promise<UpstreamResponse> {
    const response = await this.dispatch(upstream, timeouts, signal);
    return { status: response.statusCode, headers: response.headers, body: await readBody(response) };
  }

  async openEventStream(upstream: UpstreamRequest, timeouts: Timeouts, signal?: AbortSignal): Promise<StreamOpen> {
    const response = await this.dispatch(upstream, timeouts, signal);
    if (response.statusCode >= 400) {
      return {
        ok: false,
        response: { status: response.statusCode, headers: response.headers, body: await readBody(response) },
      };
    }
    return { ok: true, events: sseData(response.body) };
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  private async dispatch(
    upstream: UpstreamRequest,
    timeouts: Timeouts,
    signal?: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await request(upstream.url, {
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.method === 'GET' ? undefined : upstream.body,
        dispatcher: this.agent,
        headersTimeout: timeouts.requestMs,
        bodyTimeout: timeouts.idleMs,
        signal,
      });
    } catch (error) {
      throw transportFailure(error);
    }
  }
}

async function readBody(response: Dispatcher.ResponseData): Promise<unknown> {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw transportFailure(error);
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function* sseData(body: Dispatcher.ResponseData['body']): AsyncIterable<string> {
  const pending: string[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event.data) });
  try {
    for await (const piece of body) {
      parser.feed((piece as Buffer).toString('utf8'));
      while (pending.length > 0) yield pending.shift()!;
    }
  } catch (error) {
    throw transportFailure(error);
  }
}

/** Network-level failures, described without the URL or headers (which may carry credentials). */
export function transportFailure(error: unknown): GatewayFailure {
  if (error instanceof GatewayFailure) return error;
  if (error instanceof errors.HeadersTimeoutError)
    return new GatewayFailure('timeout', 'upstream did not answer in time');
  if (error instanceof errors.BodyTimeoutError) return new GatewayFailure('timeout', 'upstream stream stalled');
  if (error instanceof errors.ConnectTimeoutError)
    return new GatewayFailure('timeout', 'upstream connection timed out');
  if (error instanceof errors.RequestAbortedError || (error instanceof Error && error.name === 'AbortError')) {
    return new GatewayFailure('timeout', 'upstream call was cancelled');
  }
  const code = (error as { code?: unknown }).code;
  return new GatewayFailure('upstream', `upstream unreachable${typeof code === 'string' ? ` (${code})` : ''}`);
}
