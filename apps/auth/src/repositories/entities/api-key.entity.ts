import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GovernedColumns } from './governed-columns';

/** A virtual key. Only its SHA-256 is stored; the key itself is shown once, when generated. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Hex SHA-256 of the key; LiteLLM calls this the key's `token`. */
  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  /** A recognisable abbreviation such as `sk-...x7Qa`, safe to show in lists. */
  @Column({ name: 'key_name', type: 'text' })
  keyName!: string;

  @Column({ name: 'key_alias', type: 'text', nullable: true, unique: true })
  keyAlias!: string | null;

  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'boolean' })
  blocked!: boolean;

  @Column({ name: 'model_rpm_limit', type: 'jsonb' })
  modelRpmLimit!: Record<string, number>;

  @Column({ name: 'model_tpm_limit', type: 'jsonb' })
  modelTpmLimit!: Record<string, number>;

  /** `guardrail_name`s from config.yaml attached to this key. */
  @Column({ type: 'text', array: true })
  guardrails!: string[];

  /** Whether a call may add guardrails of its own (`guardrails` in the request body). */
  @Column({ name: 'allow_request_guardrails', type: 'boolean' })
  allowRequestGuardrails!: boolean;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column(() => GovernedColumns, { prefix: false })
  governed!: GovernedColumns;
}
