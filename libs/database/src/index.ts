export { DatabaseConnection, PgDriverModule } from './database-connection';
export { DatabaseStartupError } from './database-startup-error';
export { EmbeddedDatabase } from './embedded-database';
export { assertNoNewerMigrations, MigrationHistory, SqlRunner } from './newer-schema';
