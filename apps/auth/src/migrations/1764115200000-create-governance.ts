import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys, users, teams and organizations. Money is integer micro-dollars (bigint); a budget window
 * restarts every `budget_duration` from `budget_anchor`, and `spend_micro_usd` is the spend of the
 * window that started at `spend_window_start`.
 */
export class CreateGovernance1764115200000 implements MigrationInterface {
  name = 'CreateGovernance1764115200000';

  async up(runner: QueryRunner): Promise<void> {
    const budgetColumns = `
        max_budget_micro_usd bigint CHECK (max_budget_micro_usd >= 0),
        budget_duration text,
        budget_anchor timestamptz NOT NULL DEFAULT now(),
        spend_micro_usd bigint NOT NULL DEFAULT 0,
        spend_window_start timestamptz,
        rpm_limit integer CHECK (rpm_limit >= 0),
        tpm_limit integer CHECK (tpm_limit >= 0),
        max_parallel_requests integer CHECK (max_parallel_requests >= 0),
        models text[] NOT NULL DEFAULT '{}',
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()`;
    await runner.query(`
      CREATE TABLE organizations (
        id text PRIMARY KEY,
        organization_alias text,
        ${budgetColumns}
      )`);
    await runner.query(`
      CREATE TABLE teams (
        id text PRIMARY KEY,
        team_alias text,
        organization_id text REFERENCES organizations (id) ON DELETE SET NULL,
        blocked boolean NOT NULL DEFAULT false,
        ${budgetColumns}
      )`);
    await runner.query(`
      CREATE TABLE users (
        id text PRIMARY KEY,
        user_email text,
        user_alias text,
        user_role text NOT NULL DEFAULT 'internal_user',
        organization_id text REFERENCES organizations (id) ON DELETE SET NULL,
        ${budgetColumns}
      )`);
    await runner.query(`
      CREATE TABLE team_memberships (
        team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'user',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, user_id)
      )`);
    await runner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        key_name text NOT NULL,
        key_alias text UNIQUE,
        user_id text REFERENCES users (id) ON DELETE CASCADE,
        team_id text REFERENCES teams (id) ON DELETE CASCADE,
        expires_at timestamptz,
        blocked boolean NOT NULL DEFAULT false,
        model_rpm_limit jsonb NOT NULL DEFAULT '{}',
        model_tpm_limit jsonb NOT NULL DEFAULT '{}',
        created_by text,
        ${budgetColumns}
      )`);
    await runner.query('CREATE INDEX api_keys_user ON api_keys (user_id)');
    await runner.query('CREATE INDEX api_keys_team ON api_keys (team_id)');
    await runner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        request_id text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await runner.query('CREATE INDEX audit_log_target ON audit_log (target_type, target_id, occurred_at)');
    // Spend is applied from usage.v1 at least once; this table makes applying it idempotent.
    await runner.query(`
      CREATE TABLE applied_usage (
        request_id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'applied_usage',
      'audit_log',
      'api_keys',
      'team_memberships',
      'users',
      'teams',
      'organizations',
    ])
      await runner.query(`DROP TABLE ${table}`);
  }
}
