import type { Kysely } from 'kysely';
import { replayElo, type LoggedVote } from '../../shared/rating/elo.js';
import { OVERALL_SCOPE, type Database } from '../db/database.js';
import { replaceAllRatings, type ScopedRecord } from '../repositories/ratings.js';
import { listVotesForRatings } from '../repositories/votes.js';

/**
 * Recomputes every stored rating from the vote log in commit order, leaving out excluded raters' votes. Runs inside
 * the caller's transaction, so the ratings change together with whatever made them stale.
 */
export async function rebuildRatings(db: Kysely<Database>): Promise<void> {
  const votes = (await listVotesForRatings(db)).filter((v) => v.excludedAt === null);
  const byScope = new Map<string, LoggedVote[]>([[OVERALL_SCOPE, []]]);
  for (const vote of votes) {
    const logged = { modelA: String(vote.modelAId), modelB: String(vote.modelBId), outcome: vote.choice };
    byScope.get(OVERALL_SCOPE)!.push(logged);
    let scoped = byScope.get(vote.category);
    if (!scoped) byScope.set(vote.category, (scoped = []));
    scoped.push(logged);
  }
  const records: ScopedRecord[] = [];
  for (const [scope, log] of byScope) {
    for (const [modelId, record] of replayElo(log)) records.push({ scope, modelId: Number(modelId), ...record });
  }
  await replaceAllRatings(db, records);
}
