import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSpendEvents1764028800000 implements MigrationInterface {
  name = 'CreateSpendEvents1764028800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE spend_events (
        id bigserial PRIMARY KEY,
        request_id text NOT NULL UNIQUE,
        event_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        principal_kind text NOT NULL,
        principal_subject text NOT NULL,
        key_alias text,
        user_id text,
        team_id text,
        org_id text,
        route text NOT NULL,
        model text NOT NULL,
        deployment_id text,
        provider text,
        provider_model text,
        stream boolean NOT NULL,
        status text NOT NULL,
        http_status integer NOT NULL,
        error_kind text,
        attempts integer NOT NULL,
        cache_hit boolean NOT NULL,
        prompt_tokens integer NOT NULL,
        completion_tokens integer NOT NULL,
        total_tokens integer NOT NULL,
        cached_prompt_tokens integer NOT NULL,
        reasoning_tokens integer NOT NULL,
        cost_micro_usd bigint NOT NULL CHECK (cost_micro_usd >= 0),
        latency_ms double precision NOT NULL,
        time_to_first_token_ms double precision
      )`);
    await runner.query('CREATE INDEX spend_events_occurred_at ON spend_events (occurred_at)');
    await runner.query('CREATE INDEX spend_events_principal ON spend_events (principal_subject, occurred_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE spend_events');
  }
}
