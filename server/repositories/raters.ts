import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export async function findRaterByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('raters')
    .select(['id', 'pseudonym', 'display_name'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function findRaterById(db: Kysely<Database>, raterId: number) {
  return db.selectFrom('raters').select(['id', 'pseudonym', 'display_name']).where('id', '=', raterId).executeTakeFirst();
}

export async function insertRater(
  db: Kysely<Database>,
  rater: { tokenHash: string; pseudonym: string; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('raters')
    .values({ token_hash: rater.tokenHash, pseudonym: rater.pseudonym, display_name: null, created_at: rater.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDisplayName(db: Kysely<Database>, raterId: number, displayName: string | null) {
  await db.updateTable('raters').set({ display_name: displayName }).where('id', '=', raterId).execute();
}
