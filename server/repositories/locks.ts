import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { onPostgres } from '../db/dialect.js';
import { prepare, type Param } from '../db/prepared-query.js';

const RATER_LOCK = 2;
const SET_SLUG_LOCK = 3;

// FOR NO KEY UPDATE rather than FOR UPDATE: inserts that reference a model (their foreign-key check takes
// FOR KEY SHARE) must not queue behind the votes holding it.
const pairLockQuery = prepare((db, param: Param<{ low: number; high: number }>) =>
  db.selectFrom('models').select('id').where('id', 'in', [param('low'), param('high')]).orderBy('id').forNoKeyUpdate(),
);

/**
 * Serializes, across server instances, the Elo updates of votes that share a model, until the transaction ends.
 * Votes on disjoint pairs go on in parallel (their updates commute); two votes sharing a model take its row in turn
 * and allocate their ids in that order, so the stored ratings equal a replay of the log by id. Rows are locked in
 * id order, so two votes never wait on each other. SQLite needs nothing: it has one writer at a time.
 */
export async function lockPairRatings(db: Kysely<Database>, modelA: number, modelB: number): Promise<void> {
  if (onPostgres(db)) await pairLockQuery.run(db, { low: Math.min(modelA, modelB), high: Math.max(modelA, modelB) });
}

/**
 * Waits for every vote in flight and holds off new ones until the transaction ends, for work that rewrites all
 * ratings (a rebuild after an exclusion). EXCLUSIVE mode conflicts with the row locks of lockPairRatings but not with
 * plain reads, so leaderboards stay readable meanwhile.
 */
export async function lockAllRatings(db: Kysely<Database>): Promise<void> {
  if (onPostgres(db)) await sql`lock table models in exclusive mode`.execute(db);
}

/** Serializes one rater's item requests across instances, so a rater never holds two open assignments. */
export async function lockRater(db: Kysely<Database>, raterId: number): Promise<void> {
  if (onPostgres(db)) await sql`select pg_advisory_xact_lock(${RATER_LOCK}, ${raterId})`.execute(db);
}

/**
 * Serializes imports of one set (by slug) across instances until the transaction ends: two uploads at once would both
 * read the same latest version and the second would fail on the unique version. SQLite has one writer at a time.
 */
export async function lockSetSlug(db: Kysely<Database>, slug: string): Promise<void> {
  if (onPostgres(db)) await sql`select pg_advisory_xact_lock(${SET_SLUG_LOCK}, hashtext(${slug}))`.execute(db);
}

/** Tells every instance listening on `channel` (PostgreSQL LISTEN/NOTIFY); delivered when the transaction commits. */
export async function notify(db: Kysely<Database>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
