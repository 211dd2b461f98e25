import { z } from 'zod';
import { envelopeShape } from './envelope';

/** The request and response as logged; message content is redacted unless logging of it is on. */
export const RequestLogEventV1Schema = z.object({
  schema: z.literal('request-log.v1'),
  ...envelopeShape,
  principal_subject: z.string(),
  route: z.string(),
  model: z.string(),
  deployment_id: z.string().optional(),
  http_status: z.number().int(),
  redacted: z.boolean(),
  request: z.unknown(),
  response: z.unknown().optional(),
  error: z.object({ kind: z.string(), message: z.string() }).optional(),
});

export type RequestLogEventV1 = z.infer<typeof RequestLogEventV1Schema>;
