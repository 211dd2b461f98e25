import { RawBodyRequest } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

export type JsonRequest = RawBodyRequest<FastifyRequest>;

/** The bytes as received, whose length bounds the prompt's tokens for the budget reservation. */
export function rawBodyOf(request: JsonRequest): Buffer {
  return request.rawBody ?? Buffer.from(JSON.stringify(request.body));
}
