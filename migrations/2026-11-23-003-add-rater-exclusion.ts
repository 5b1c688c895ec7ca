import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/** An organizer can exclude a rater's votes from results: they stay in the log, marked, and the exclusion can be undone. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('raters').addColumn('excluded_at', 'text').execute();
  await db.schema.alterTable('raters').addColumn('excluded_reason', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('raters').dropColumn('excluded_reason').execute();
  await db.schema.alterTable('raters').dropColumn('excluded_at').execute();
}
