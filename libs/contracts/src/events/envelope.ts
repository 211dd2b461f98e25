import { z } from 'zod';

/** Fields every event carries, whatever its topic. */
export const envelopeShape = {
  event_id: z.uuid(),
  occurred_at: z.iso.datetime({ offset: true }),
  request_id: z.string().min(1),
  traceparent: z.string(),
};
