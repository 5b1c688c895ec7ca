import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Models are identified by name across sets, so a model keeps one rating whichever set it answered. */
export async function ensureModels(
  db: Kysely<Database>,
  models: readonly { name: string; description?: string | undefined }[],
  now: string,
): Promise<Map<string, number>> {
  if (models.length === 0) return new Map();
  await db
    .insertInto('models')
    .values(models.map((m) => ({ name: m.name, description: m.description ?? null, created_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const rows = await db
    .selectFrom('models')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      models.map((m) => m.name),
    )
    .execute();
  return new Map(rows.map((row) => [row.name, row.id]));
}
