import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { GatewayFailure, openAiErrorBody } from '@gatehouse/errors';
import { Logger } from '@gatehouse/logging';
import { FastifyReply, FastifyRequest } from 'fastify';
import { EDGE_LOGGER } from '../config/tokens';

/** Every error leaves the gateway in OpenAI's shape: {"error":{"message","type","param","code"}}. */
@Catch()
export class OpenAiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(EDGE_LOGGER) protected readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const failure = this.toFailure(exception, request);
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    if (failure.details.retryAfterSeconds) void reply.header('retry-after', String(failure.details.retryAfterSeconds));
    void reply.status(failure.status).send(this.body(failure));
  }

  protected body(failure: GatewayFailure): unknown {
    return openAiErrorBody(failure);
  }

  private toFailure(exception: unknown, request: FastifyRequest): GatewayFailure {
    if (exception instanceof GatewayFailure) return exception;
    const status = statusOf(exception);
    if (status === 404) {
      return new GatewayFailure('not_found', `Invalid URL (${request.method} ${request.url})`, { code: 'unknown_url' });
    }
    if (status === 413) return new GatewayFailure('payload_too_large', 'the request body is too large');
    if (status === 415)
      return new GatewayFailure('bad_request', 'the request body must be JSON (Content-Type: application/json)');
    if (status === 400)
      return new GatewayFailure('bad_request', `the request body is not valid JSON: ${messageOf(exception)}`);
    if (status === 405) return new GatewayFailure('bad_request', `method ${request.method} is not allowed here`);
    this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    return new GatewayFailure('internal', 'internal error');
  }
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(exception: unknown): string {
  return exception instanceof Error ? exception.message : 'unparseable';
}
