import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far each archive stream has reached: every ledger row with an id up to `archived_through_id`
 * is in the archive. `pending_through_id` is the batch being written, claimed before its first
 * object, so a run after a crash writes the very same batch again.
 */
export class CreateArchiveManifest1764201600000 implements MigrationInterface {
  name = 'CreateArchiveManifest1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE archive_manifest (
        stream text PRIMARY KEY,
        archived_through_id bigint NOT NULL CHECK (archived_through_id >= 0),
        pending_through_id bigint CHECK (pending_through_id > archived_through_id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE archive_manifest');
  }
}
