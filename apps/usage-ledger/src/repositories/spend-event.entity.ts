import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per client request; `request_id` is unique so a replayed event changes nothing. */
@Entity({ name: 'spend_events' })
export class SpendEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'request_id', type: 'text', unique: true })
  requestId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'principal_kind', type: 'text' })
  principalKind!: string;

  @Column({ name: 'principal_subject', type: 'text' })
  principalSubject!: string;

  @Column({ name: 'key_alias', type: 'text', nullable: true })
  keyAlias!: string | null;

  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'org_id', type: 'text', nullable: true })
  orgId!: string | null;

  @Column({ type: 'text' })
  route!: string;

  @Column({ type: 'text' })
  model!: string;

  @Column({ name: 'deployment_id', type: 'text', nullable: true })
  deploymentId!: string | null;

  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ name: 'provider_model', type: 'text', nullable: true })
  providerModel!: string | null;

  @Column({ type: 'boolean' })
  stream!: boolean;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'http_status', type: 'integer' })
  httpStatus!: number;

  @Column({ name: 'error_kind', type: 'text', nullable: true })
  errorKind!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'cache_hit', type: 'boolean' })
  cacheHit!: boolean;

  @Column({ name: 'prompt_tokens', type: 'integer' })
  promptTokens!: number;

  @Column({ name: 'completion_tokens', type: 'integer' })
  completionTokens!: number;

  @Column({ name: 'total_tokens', type: 'integer' })
  totalTokens!: number;

  @Column({ name: 'cached_prompt_tokens', type: 'integer' })
  cachedPromptTokens!: number;

  @Column({ name: 'reasoning_tokens', type: 'integer' })
  reasoningTokens!: number;

  /** Integer micro-dollars; bigint so a single row can never overflow. */
  @Column({ name: 'cost_micro_usd', type: 'bigint' })
  costMicroUsd!: string;

  @Column({ name: 'latency_ms', type: 'double precision' })
  latencyMs!: number;

  @Column({ name: 'time_to_first_token_ms', type: 'double precision', nullable: true })
  timeToFirstTokenMs!: number | null;
}
