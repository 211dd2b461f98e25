import { RawBodyRequest } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

export type JsonRequest = RawBodyRequest<FastifyRequest>;

/** The bytes as received are forwarded as-is once validated, saving a re-serialisation per hop. */
export function rawBodyOf(request: JsonRequest): Buffer {
  return request.rawBody ?? Buffer.from(JSON.stringify(request.body));
}
