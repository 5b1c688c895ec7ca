import { replayElo } from '../../shared/rating/elo.js';
import { createDb } from '../../server/db/create-db.js';
import { listAllRatings } from '../../server/repositories/ratings.js';
import { listVotesForReplay } from '../../server/repositories/votes.js';

export interface VoteLogCheck {
  stored: number;
  acknowledged: number;
  /** Overall ratings whose rating (to 1e-9) or vote count differs from a replay of the log in commit order. */
  mismatchedModels: number;
  /** Largest |stored − replayed| rating over all models. */
  maxRatingDifference: number;
}

/** Reads the log and the overall board after a run, and replays the log with the same Elo the server uses. */
export async function checkVoteLog(databaseUrl: string, acknowledged: number): Promise<VoteLogCheck> {
  const arenaDb = createDb({ url: databaseUrl });
  try {
    const log = await listVotesForReplay(arenaDb.db);
    const replayed = replayElo(log);
    const overall = (await listAllRatings(arenaDb.db)).filter((row) => row.scope === '*');
    let mismatchedModels = Math.abs(overall.length - replayed.size);
    let maxRatingDifference = 0;
    for (const row of overall) {
      const expected = replayed.get(row.model);
      const difference = expected ? Math.abs(row.rating - expected.rating) : Infinity;
      maxRatingDifference = Math.max(maxRatingDifference, difference);
      if (!expected || difference > 1e-9 || row.votes !== expected.votes) mismatchedModels++;
    }
    return { stored: log.length, acknowledged, mismatchedModels, maxRatingDifference };
  } finally {
    await arenaDb.close();
  }
}

export function describeCheck(check: VoteLogCheck): string {
  const counts = check.stored === check.acknowledged ? 'equal' : 'DIFFERENT';
  const ratings = check.mismatchedModels === 0 ? 'equal' : `DIFFERENT for ${check.mismatchedModels} models`;
  return `votes in the database ${check.stored}, acknowledged ${check.acknowledged}: ${counts}; overall ratings vs replay of the log: ${ratings} (max |Δ| ${check.maxRatingDifference.toExponential(1)})`;
}
