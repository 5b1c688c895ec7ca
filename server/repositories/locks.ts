import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

const RATINGS_LOCK = 1;
const RATER_LOCK = 2;

const onPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Serializes the Elo updates of all server instances until the transaction ends, so the stored ratings are a replay
 * of the log in commit order. SQLite needs nothing: it has one writer at a time.
 */
export async function lockRatings(db: Kysely<Database>): Promise<void> {
  if (onPostgres(db)) await sql`select pg_advisory_xact_lock(${RATINGS_LOCK}, 0)`.execute(db);
}

/** Serializes one rater's item requests across instances, so a rater never holds two open assignments. */
export async function lockRater(db: Kysely<Database>, raterId: number): Promise<void> {
  if (onPostgres(db)) await sql`select pg_advisory_xact_lock(${RATER_LOCK}, ${raterId})`.execute(db);
}

/** Tells every instance listening on `channel` (PostgreSQL LISTEN/NOTIFY); delivered when the transaction commits. */
export async function notify(db: Kysely<Database>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
