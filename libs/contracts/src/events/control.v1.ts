import { z } from 'zod';
import { envelopeShape } from './envelope';

/** Changes every replica must hear about: key revocations, config reloads, crossed budgets, cooldowns. */
export const ControlEventV1Schema = z.discriminatedUnion('type', [
  z.object({
    schema: z.literal('control.v1'),
    ...envelopeShape,
    type: z.enum(['key.revoked', 'key.updated', 'key.blocked']),
    key_hash: z.string().min(1),
  }),
  z.object({ schema: z.literal('control.v1'), ...envelopeShape, type: z.literal('config.reload') }),
  // A user's or team's limits, budget or models changed: every key it owns must be looked up again.
  z.object({
    schema: z.literal('control.v1'),
    ...envelopeShape,
    type: z.literal('scope.updated'),
    scope: z.enum(['user', 'team', 'org']),
    scope_id: z.string().min(1),
  }),
  z.object({
    schema: z.literal('control.v1'),
    ...envelopeShape,
    type: z.literal('budget.crossed'),
    scope: z.enum(['key', 'user', 'team', 'org']),
    scope_id: z.string().min(1),
  }),
  // A deployment failed more than `allowed_fails` times in a minute: no front chooses it until `until`.
  z.object({
    schema: z.literal('control.v1'),
    ...envelopeShape,
    type: z.literal('deployment.cooldown'),
    deployment_id: z.string().min(1),
    until: z.iso.datetime({ offset: true }),
    failures: z.number().int().positive(),
  }),
]);

export type ControlEventV1 = z.infer<typeof ControlEventV1Schema>;
