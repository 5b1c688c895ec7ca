import type { Kysely } from 'kysely';
import type { ManagedRater, RaterVotes } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { findRaterByPseudonym, listRatersWithVotes, setRaterExclusion } from '../repositories/raters.js';
import { lockAllRatings } from '../repositories/locks.js';
import { votePage } from '../repositories/research.js';
import type { Runtime } from '../runtime.js';
import { rebuildRatings } from './rating-rebuild.js';

export async function listManagedRaters(db: Kysely<Database>): Promise<ManagedRater[]> {
  const rows = await listRatersWithVotes(db);
  return rows.map((row) => ({
    pseudonym: row.pseudonym,
    displayName: row.displayName,
    votes: Number(row.votes),
    createdAt: row.createdAt,
    excluded: row.excludedAt !== null,
    excludedAt: row.excludedAt,
    excludedReason: row.excludedReason,
  }));
}

/** One page of a rater's votes, oldest first, as the organizer reviews them before excluding or including the rater. */
export async function listRaterVotes(db: Kysely<Database>, pseudonym: string, afterId: number, limit: number): Promise<RaterVotes> {
  const rater = (await listManagedRaters(db)).find((r) => r.pseudonym === pseudonym);
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
  const rater = (await listManagedRaters(db)).find((r) => r.pseudonym === pseudonym)!;
  return { rater, ratingsRebuilt: rebuilt };
}
