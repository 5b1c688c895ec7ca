import type { Outcome } from '../rating/elo.js';

/** How many times each outcome was chosen. */
export type OutcomeCounts = Record<Outcome, number>;

export const noOutcomes = (): OutcomeCounts => ({ A: 0, B: 0, tie: 0 });

/**
 * One rater's counts on one item, packed into one small integer (A + B·1024 + tie·1024²) while each is under 1024:
 * tallies keep one per rater and item (a million for a million votes), and an object each was most of their memory.
 * Larger counts keep an object.
 */
export type PackedCounts = number | OutcomeCounts;

const PACK = 1024;

export function unpack(own: PackedCounts): OutcomeCounts {
  if (typeof own !== 'number') return own;
  return { A: own % PACK, B: Math.floor(own / PACK) % PACK, tie: Math.floor(own / (PACK * PACK)) };
}

/** The counts with one more `outcome`; a new value, the given one unchanged. */
export function withOneMore(own: PackedCounts, outcome: Outcome): PackedCounts {
  const counts = unpack(own);
  if (typeof own === 'number' && counts[outcome] < PACK - 1) return own + (outcome === 'A' ? 1 : outcome === 'B' ? PACK : PACK * PACK);
  return { ...counts, [outcome]: counts[outcome] + 1 };
}
