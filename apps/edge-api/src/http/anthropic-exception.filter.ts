import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { Logger } from '@gatehouse/logging';
import { FastifyReply, FastifyRequest } from 'fastify';
import { EDGE_LOGGER } from '../config/tokens';
import { anthropicErrorBody } from '../services/anthropic-messages/anthropic-errors';

/** On Anthropic-compatible routes, errors leave in Anthropic's shape: {"type":"error","error":{type,message}}. */
@Catch()
export class AnthropicExceptionFilter implements ExceptionFilter {
  constructor(@Inject(EDGE_LOGGER) private readonly logger: Logger) {}

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
    void reply.status(failure.status).send(anthropicErrorBody(failure));
  }

  private toFailure(exception: unknown, request: FastifyRequest): GatewayFailure {
    if (exception instanceof GatewayFailure) return exception;
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return new GatewayFailure('bad_request', exception.message);
    }
    this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    return new GatewayFailure('internal', 'internal error');
  }
}
