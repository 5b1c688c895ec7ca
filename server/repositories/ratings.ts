import type { Insertable, Kysely } from 'kysely';
import type { EloRecord } from '../../shared/rating/elo.js';
import type { Database, RatingTable } from '../db/database.js';
import { prepare, type Param } from '../db/prepared-query.js';

const pairRecordsQuery = prepare((db, param: Param<{ overall: string; category: string; modelA: number; modelB: number }>) =>
  db
    .selectFrom('ratings')
    .select(['scope', 'model_id', 'rating', 'votes', 'wins', 'ties', 'losses'])
    .where('scope', 'in', [param('overall'), param('category')])
    .where('model_id', 'in', [param('modelA'), param('modelB')]),
);

/** The two models' records on the overall board and on one category's: what a vote reads. */
export async function findPairRecords(
  db: Kysely<Database>,
  overall: string,
  category: string,
  modelA: number,
  modelB: number,
): Promise<Map<string, EloRecord>> {
  const rows = await pairRecordsQuery.rows(db, { overall, category, modelA, modelB });
  return new Map(rows.map((row) => [ratingKey(row.scope, row.model_id), row]));
}

export const ratingKey = (scope: string, modelId: number) => `${scope}\u0000${modelId}`;

export interface ScopedRecord extends EloRecord {
  scope: string;
  modelId: number;
}

interface RecordFields {
  scope: string;
  model: number;
  rating: number;
  votes: number;
  wins: number;
  ties: number;
  losses: number;
}
type FourRecords = { [K in keyof RecordFields as `${K}${0 | 1 | 2 | 3}`]: RecordFields[K] };

/** The four records a vote changes (two models on two boards), upserted in one prepared statement. */
const saveFourRecordsQuery = prepare((db, param: Param<FourRecords>) =>
  upsertRecords(
    db,
    ([0, 1, 2, 3] as const).map((i) => ({
      scope: param(`scope${i}`),
      model_id: param(`model${i}`),
      rating: param(`rating${i}`),
      votes: param(`votes${i}`),
      wins: param(`wins${i}`),
      ties: param(`ties${i}`),
      losses: param(`losses${i}`),
    })),
  ),
);

function upsertRecords(db: Kysely<Database>, rows: Insertable<RatingTable>[]) {
  return db
    .insertInto('ratings')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['scope', 'model_id']).doUpdateSet((eb) => ({
        rating: eb.ref('excluded.rating'),
        votes: eb.ref('excluded.votes'),
        wins: eb.ref('excluded.wins'),
        ties: eb.ref('excluded.ties'),
        losses: eb.ref('excluded.losses'),
      })),
    );
}

/** Inserts or replaces rating rows in one statement. */
export async function saveRatingRecords(db: Kysely<Database>, records: readonly ScopedRecord[]): Promise<void> {
  if (records.length === 4) {
    const params = Object.fromEntries(
      records.flatMap(({ scope, modelId, rating, votes, wins, ties, losses }, i) => [
        [`scope${i}`, scope],
        [`model${i}`, modelId],
        [`rating${i}`, rating],
        [`votes${i}`, votes],
        [`wins${i}`, wins],
        [`ties${i}`, ties],
        [`losses${i}`, losses],
      ]),
    ) as FourRecords;
    await saveFourRecordsQuery.run(db, params);
    return;
  }
  await upsertRecords(
    db,
    records.map(({ scope, modelId, rating, votes, wins, ties, losses }) => ({ scope, model_id: modelId, rating, votes, wins, ties, losses })),
  ).execute();
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
