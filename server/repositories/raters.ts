import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { PerDatabaseCache } from '../db/per-database-cache.js';
import { prepare, type Param } from '../db/prepared-query.js';

const raterByTokenHash = prepare((db, param: Param<{ tokenHash: string }>) =>
  db.selectFrom('raters').select(['id', 'pseudonym']).where('token_hash', '=', param('tokenHash')),
);

/** A rater's id and pseudonym never change, and every rater request looks them up by the cookie's token. */
const raterByTokenCache = new PerDatabaseCache<string, { id: number; pseudonym: string }>();

export async function findRaterByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return raterByTokenCache.get(db, tokenHash, () => raterByTokenHash.first(db, { tokenHash }));
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

/** Every rater with their vote count, for organizers. */
export async function listRatersWithVotes(db: Kysely<Database>) {
  return db
    .selectFrom('raters as r')
    .leftJoin('votes as v', 'v.rater_id', 'r.id')
    .select((eb) => [
      'r.id',
      'r.pseudonym',
      'r.display_name as displayName',
      'r.created_at as createdAt',
      'r.excluded_at as excludedAt',
      'r.excluded_reason as excludedReason',
      eb.fn.count<number>('v.id').as('votes'),
    ])
    .groupBy(['r.id', 'r.pseudonym', 'r.display_name', 'r.created_at', 'r.excluded_at', 'r.excluded_reason'])
    .orderBy('r.id')
    .execute();
}

export async function findRaterByPseudonym(db: Kysely<Database>, pseudonym: string) {
  return db.selectFrom('raters').select(['id', 'excluded_at']).where('pseudonym', '=', pseudonym).executeTakeFirst();
}

export async function setRaterExclusion(db: Kysely<Database>, raterId: number, excludedAt: string | null, reason: string | null) {
  await db.updateTable('raters').set({ excluded_at: excludedAt, excluded_reason: reason }).where('id', '=', raterId).execute();
}
