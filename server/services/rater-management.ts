import type { Kysely } from 'kysely';
import type { ManagedRater, ManagedRaterList, ManagedRaterListQuery, RaterVotes } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import {
  countManagedRaters,
  findManagedRaterRow,
  findRaterByPseudonym,
  listManagedRaterRows,
  setRaterExclusion,
  type RaterListFilter,
} from '../repositories/raters.js';
import { lockAllRatings } from '../repositories/locks.js';
import { votePage } from '../repositories/research.js';
import type { Runtime } from '../runtime.js';
import { rebuildRatings } from './rating-rebuild.js';

type ManagedRaterRow = NonNullable<Awaited<ReturnType<typeof findManagedRaterRow>>>;

function toManagedRater(row: ManagedRaterRow): ManagedRater {
  return {
    pseudonym: row.pseudonym,
    displayName: row.displayName,
    votes: Number(row.votes),
    createdAt: row.createdAt,
    excluded: row.excludedAt !== null,
    excludedAt: row.excludedAt,
    excludedReason: row.excludedReason,
  };
}

/** One page of the raters the query's filters match, in pseudonym order, with how many match in all. */
export async function listManagedRaters(db: Kysely<Database>, query: ManagedRaterListQuery): Promise<ManagedRaterList> {
  const filter: RaterListFilter = { withVotesOnly: query.votes === 'with', excluded: query.excluded, search: query.search || null };
  // One row more than the page tells whether another page follows.
  const rows = await listManagedRaterRows(db, filter, query.after ?? null, query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    raters: page.map(toManagedRater),
    total: await countManagedRaters(db, filter),
    nextAfter: rows.length > query.limit ? page[page.length - 1]!.pseudonym : null,
  };
}

async function findManagedRater(db: Kysely<Database>, pseudonym: string): Promise<ManagedRater | null> {
  const row = await findManagedRaterRow(db, pseudonym);
  return row === undefined ? null : toManagedRater(row);
}

/** One page of a rater's votes, oldest first, as the organizer reviews them before excluding or including the rater. */
export async function listRaterVotes(db: Kysely<Database>, pseudonym: string, afterId: number, limit: number): Promise<RaterVotes> {
  const rater = await findManagedRater(db, pseudonym);
  if (!rater) throw notFound('RATER_NOT_FOUND', `no rater "${pseudonym}"`, [{ field: 'pseudonym', reason: 'unknown rater' }]);
  const rows = await votePage(db, { rater: pseudonym }, afterId, limit + 1);
  const page = rows.slice(0, limit);
  return {
    rater,
    votes: page.map((row) => ({
      voteId: row.id,
      createdAt: row.createdAt,
      questionSet: row.setSlug,
      questionSetVersion: row.setVersion,
      questionId: row.questionId,
      category: row.category,
      modelA: row.modelA,
      modelB: row.modelB,
      choice: row.choice,
      overlap: row.isOverlap === 1,
      elapsedMs: row.elapsedMs,
    })),
    nextAfter: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Excludes a rater's votes from results, or brings them back. The votes stay in the log; the ratings are rebuilt from
 * the log in the same transaction, so they always equal a replay of the votes that count.
 */
export async function setExclusion(
  db: Kysely<Database>,
  runtime: Runtime,
  pseudonym: string,
  change: { excluded: boolean; reason: string | null },
): Promise<{ rater: ManagedRater; ratingsRebuilt: boolean }> {
  const rebuilt = await db.transaction().execute(async (trx) => {
    await lockAllRatings(trx);
    const rater = await findRaterByPseudonym(trx, pseudonym);
    if (!rater) throw notFound('RATER_NOT_FOUND', `no rater "${pseudonym}"`, [{ field: 'pseudonym', reason: 'unknown rater' }]);
    if ((rater.excluded_at !== null) === change.excluded) return false;
    await setRaterExclusion(trx, rater.id, change.excluded ? runtime.now().toISOString() : null, change.excluded ? change.reason : null);
    await rebuildRatings(trx);
    return true;
  });
  const rater = (await findManagedRater(db, pseudonym))!;
  return { rater, ratingsRebuilt: rebuilt };
}
