import type { Kysely } from 'kysely';
import type { EloRecord } from '../../shared/rating/elo.js';
import type { Database } from '../db/database.js';

export async function findRatingRecords(
  db: Kysely<Database>,
  scopes: readonly string[],
  modelIds: readonly number[],
): Promise<Map<string, EloRecord>> {
  const rows = await db
    .selectFrom('ratings')
    .select(['scope', 'model_id', 'rating', 'votes', 'wins', 'ties', 'losses'])
    .where('scope', 'in', scopes)
    .where('model_id', 'in', modelIds)
    .execute();
  return new Map(rows.map((row) => [ratingKey(row.scope, row.model_id), row]));
}

export const ratingKey = (scope: string, modelId: number) => `${scope}\u0000${modelId}`;

export interface ScopedRecord extends EloRecord {
  scope: string;
  modelId: number;
}

/** Inserts or replaces rating rows in one statement. */
export async function saveRatingRecords(db: Kysely<Database>, records: readonly ScopedRecord[]): Promise<void> {
  await db
    .insertInto('ratings')
    .values(
      records.map(({ scope, modelId, rating, votes, wins, ties, losses }) => ({
        scope,
        model_id: modelId,
        rating,
        votes,
        wins,
        ties,
        losses,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['scope', 'model_id']).doUpdateSet((eb) => ({
        rating: eb.ref('excluded.rating'),
        votes: eb.ref('excluded.votes'),
        wins: eb.ref('excluded.wins'),
        ties: eb.ref('excluded.ties'),
        losses: eb.ref('excluded.losses'),
      })),
    )
    .execute();
}

export interface LeaderboardEntry extends EloRecord {
  model: string;
}

/** One scope's board, best first; models without votes in the scope are left out. */
export async function leaderboardRows(db: Kysely<Database>, scope: string): Promise<LeaderboardEntry[]> {
  return db
    .selectFrom('ratings as r')
    .innerJoin('models as m', 'm.id', 'r.model_id')
    .select(['m.name as model', 'r.rating', 'r.votes', 'r.wins', 'r.ties', 'r.losses'])
    .where('r.scope', '=', scope)
    .orderBy('r.rating', 'desc')
    .orderBy('m.name')
    .execute();
}

export async function listAllRatings(db: Kysely<Database>) {
  return db
    .selectFrom('ratings as r')
    .innerJoin('models as m', 'm.id', 'r.model_id')
    .select(['r.scope', 'm.name as model', 'r.rating', 'r.votes', 'r.wins', 'r.ties', 'r.losses'])
    .execute();
}

/** Replaces the whole ratings table, as after an exclusion changes which votes count. */
export async function replaceAllRatings(db: Kysely<Database>, records: readonly ScopedRecord[]): Promise<void> {
  await db.deleteFrom('ratings').execute();
  for (let start = 0; start < records.length; start += 500) await saveRatingRecords(db, records.slice(start, start + 500));
}
