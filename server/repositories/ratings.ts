import type { Insertable, Kysely, QueryCreator } from 'kysely';
import type { EloRecord } from '../../shared/rating/elo.js';
import type { Database, RatingTable } from '../db/database.js';
import { prepare, type Param } from '../db/prepared-query.js';

const pairStateQuery = prepare(
  (db, param: Param<{ raterId: number; overall: string; category: string; modelA: number; modelB: number }>) =>
    db
      .selectFrom('raters as rt')
      .leftJoin('ratings as r', (join) =>
        join.on('r.scope', 'in', [param('overall'), param('category')]).on('r.model_id', 'in', [param('modelA'), param('modelB')]),
      )
      .select(['rt.excluded_at as raterExcludedAt', 'r.scope', 'r.model_id', 'r.rating', 'r.votes', 'r.wins', 'r.ties', 'r.losses'])
      .where('rt.id', '=', param('raterId')),
);

export interface PairState {
  /** The two models' records on the overall board and on the category's, by ratingKey; missing ones have no votes yet. */
  records: Map<string, EloRecord>;
  /** An excluded rater's vote is logged but moves no rating. */
  raterExcluded: boolean;
}

/** What a vote reads under its pair's lock, in one statement (one round trip on PostgreSQL while the lock is held). */
export async function findPairState(
  db: Kysely<Database>,
  raterId: number,
  overall: string,
  category: string,
  modelA: number,
  modelB: number,
): Promise<PairState> {
  const rows = await pairStateQuery.rows(db, { raterId, overall, category, modelA, modelB });
  const records = new Map<string, EloRecord>();
  for (const { scope, model_id, rating, votes, wins, ties, losses } of rows) {
    if (scope !== null && model_id !== null) records.set(ratingKey(scope, model_id), { rating: rating!, votes: votes!, wins: wins!, ties: ties!, losses: losses! });
  }
  if (rows.length === 0) throw new Error(`rater ${raterId} does not exist`);
  return { records, raterExcluded: rows[0]!.raterExcludedAt !== null };
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
export type FourRecords = { [K in keyof RecordFields as `${K}${0 | 1 | 2 | 3}`]: RecordFields[K] };

/** Upserts the four records a vote changes (two models on two boards) in one statement, their values named parameters. */
export function upsertFourRecords<P extends FourRecords>(db: QueryCreator<Database>, param: Param<P>) {
  return upsertRecords(
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
  );
}

const FIELDS = ['scope', 'model', 'rating', 'votes', 'wins', 'ties', 'losses'] as const;
const PARAM_NAMES = [0, 1, 2, 3].map((i) => FIELDS.map((field) => `${field}${i}`));

/**
 * The four records as the statement's named parameters. Assigned through names made once: building them with
 * template strings and Object.fromEntries on every vote took 11 µs, more than most of the vote's statements.
 */
export function fourRecordParams(records: readonly ScopedRecord[]): FourRecords {
  if (records.length !== 4) throw new Error(`expected 4 rating records, got ${records.length}`);
  const params: Record<string, string | number> = {};
  records.forEach(({ scope, modelId, rating, votes, wins, ties, losses }, i) => {
    const [scopeName, modelName, ratingName, votesName, winsName, tiesName, lossesName] = PARAM_NAMES[i]!;
    params[scopeName!] = scope;
    params[modelName!] = modelId;
    params[ratingName!] = rating;
    params[votesName!] = votes;
    params[winsName!] = wins;
    params[tiesName!] = ties;
    params[lossesName!] = losses;
  });
  return params as FourRecords;
}

const saveFourRecordsQuery = prepare((db, param: Param<FourRecords>) => upsertFourRecords(db, param));

function upsertRecords(db: QueryCreator<Database>, rows: Insertable<RatingTable>[]) {
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
    await saveFourRecordsQuery.run(db, fourRecordParams(records));
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
