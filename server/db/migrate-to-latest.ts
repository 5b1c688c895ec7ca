import { Migrator, type Kysely, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';

export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Runs every pending migration; with transactional DDL they all commit together or not at all. */
export async function migrateToLatest(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
  provider: MigrationProvider = staticMigrationProvider,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: result.error });
  }
  return result;
}
