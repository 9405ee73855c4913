/** SQL for Node code (task workers, scripts, tests): exported from `tresty/node`. See docs/sql.md. */
export { pg, mysql, openDatabase, type Database, type Transaction, type Verbs, type InsertResult, type Row, type DatabaseOptions } from './database.ts'
export type { DbConfig } from './database-config.ts'
export { SqlError, type SqlErrorCode } from './errors.ts'
export { migrate, seed, migrationStatus, MigrationError, splitBatches, MIGRATIONS_TABLE, type MigrateOptions, type MigrateResult, type StatusEntry } from './migrate.ts'
export { withTransaction, setup, type Summary, type TestQ } from './testing.ts'
