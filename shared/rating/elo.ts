/** Online Elo as the arena computes it: every vote moves both ratings once, in commit order. */

export const ELO_INITIAL_RATING = 1000;
export const ELO_K = 16;

/** Score of model A in one vote: win 1, tie ½ ("a tie is half a win"), loss 0. */
export type Outcome = 'A' | 'B' | 'tie';

export function scoreOfA(outcome: Outcome): number {
  return outcome === 'A' ? 1 : outcome === 'tie' ? 0.5 : 0;
}

/** Expected score of A against B: E_A = 1 / (1 + 10^((R_B − R_A) / 400)) (Elo 1978). */
export function expectedScore(ratingA: number, ratingB: number): number {
  return 1 / (1 + 10 ** ((ratingB - ratingA) / 400));
}

/**
 * One Elo update: R'_A = R_A + K (S_A − E_A), R'_B = R_B + K ((1 − S_A) − (1 − E_A)).
 * The two changes are equal and opposite, so the sum of ratings is conserved.
 */
export function updateElo(
  ratingA: number,
  ratingB: number,
  outcome: Outcome,
  k: number = ELO_K,
): { a: number; b: number } {
  const delta = k * (scoreOfA(outcome) - expectedScore(ratingA, ratingB));
  return { a: ratingA + delta, b: ratingB - delta };
}

export interface EloRecord {
  rating: number;
  votes: number;
  wins: number;
  ties: number;
  losses: number;
}

export interface LoggedVote {
  modelA: string;
  modelB: string;
  outcome: Outcome;
}

export function freshRecord(initial: number = ELO_INITIAL_RATING): EloRecord {
  return { rating: initial, votes: 0, wins: 0, ties: 0, losses: 0 };
}

/** Adds one vote to two records, returning new records (inputs are not changed). */
export function applyVote(
  recordA: EloRecord,
  recordB: EloRecord,
  outcome: Outcome,
  k: number = ELO_K,
): { a: EloRecord; b: EloRecord } {
  const { a, b } = updateElo(recordA.rating, recordB.rating, outcome, k);
  return {
    a: {
      rating: a,
      votes: recordA.votes + 1,
      wins: recordA.wins + (outcome === 'A' ? 1 : 0),
      ties: recordA.ties + (outcome === 'tie' ? 1 : 0),
      losses: recordA.losses + (outcome === 'B' ? 1 : 0),
    },
    b: {
      rating: b,
      votes: recordB.votes + 1,
      wins: recordB.wins + (outcome === 'B' ? 1 : 0),
      ties: recordB.ties + (outcome === 'tie' ? 1 : 0),
      losses: recordB.losses + (outcome === 'A' ? 1 : 0),
    },
  };
}

/** Replays a vote log in order; the arena's stored ratings must always equal this for the same log. */
export function replayElo(
  votes: Iterable<LoggedVote>,
  options: { k?: number; initial?: number } = {},
): Map<string, EloRecord> {
  const k = options.k ?? ELO_K;
  const initial = options.initial ?? ELO_INITIAL_RATING;
  const records = new Map<string, EloRecord>();
  for (const vote of votes) {
    const before = {
      a: records.get(vote.modelA) ?? freshRecord(initial),
      b: records.get(vote.modelB) ?? freshRecord(initial),
    };
    const after = applyVote(before.a, before.b, vote.outcome, k);
    records.set(vote.modelA, after.a);
    records.set(vote.modelB, after.b);
  }
  return records;
}
