import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/**
 * Each set version keeps its models as uploaded, descriptions included. The models table is shared by every set and
 * keeps the first description a name came with, so an export read from it could differ from the upload: uploading
 * the export again then made a new version. Versions from before this column export as before.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('question_sets').addColumn('models_json', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('question_sets').dropColumn('models_json').execute();
}
