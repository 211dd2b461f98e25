import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Guardrails attached to keys and teams, by `guardrail_name` from config.yaml, and whether a key's
 * calls may add guardrails of their own. Existing rows get none and may not.
 */
export class AddGuardrails1796342400000 implements MigrationInterface {
  name = 'AddGuardrails1796342400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE api_keys
        ADD COLUMN guardrails text[] NOT NULL DEFAULT '{}',
        ADD COLUMN allow_request_guardrails boolean NOT NULL DEFAULT false`);
    await runner.query(`ALTER TABLE teams ADD COLUMN guardrails text[] NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teams DROP COLUMN guardrails');
    await runner.query('ALTER TABLE api_keys DROP COLUMN allow_request_guardrails, DROP COLUMN guardrails');
  }
}
