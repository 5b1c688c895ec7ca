import type { Outcome } from '../rating/elo.js';
import { noOutcomes, unpack, withOneMore, type OutcomeCounts, type PackedCounts } from './outcome-counts.js';
import { orientVote, raterPairs, votesByItem, type AgreementVote } from './orient.js';

/** Agreement averaged over pairs of votes by two different raters on the same item (see `raterPairs`). */
export interface PairwiseAgreement {
  /** Mean pair score; null when no pair counts. */
  value: number | null;
  /** Pairs that counted. */
  pairs: number;
  /** Items with at least one pair that counted. */
  items: number;
}

/** Score of one pair of oriented votes, or null when the pair is left out of the measure. */
export type PairScore = (a: Outcome, b: Outcome) => number | null;

/** The pairwise measures by name, so callers (and `perRaterAgreement`) can choose one with a string. */
export type PairwiseMeasure = 'tieDiscounted' | 's1' | 's2';

/** 1 when both chose the same, ½ when exactly one said tie, 0 for opposite models (arXiv 2308.14149). */
const tieDiscountedScore: PairScore = (a, b) => (a === b ? 1 : a === 'tie' || b === 'tie' ? 0.5 : 0);
/** S1 of arXiv 2306.05685: tie is a third choice, so 1 when equal (a tie equals a tie), else 0. */
const s1Score: PairScore = (a, b) => (a === b ? 1 : 0);
/** S2 of arXiv 2306.05685: pairs in which either vote is a tie are left out; 1 when equal, else 0. */
const s2Score: PairScore = (a, b) => (a === 'tie' || b === 'tie' ? null : a === b ? 1 : 0);

export const PAIR_SCORES: Readonly<Record<PairwiseMeasure, PairScore>> = {
  tieDiscounted: tieDiscountedScore,
  s1: s1Score,
  s2: s2Score,
};

/**
 * Expected tie-discounted agreement of two raters voting uniformly at random over {A, tie, B}: of the 9 equally likely
 * pairs, 3 are equal (score 1), 4 have exactly one tie — (A,tie) (tie,A) (B,tie) (tie,B) — (score ½), and 2 are
 * opposite (score 0), so E = (3·1 + 4·½ + 2·0) / 9 = 5/9 ≈ 0.556.
 */
export const RANDOM_TIE_DISCOUNTED_AGREEMENT = 5 / 9;

const OUTCOMES: readonly Outcome[] = ['A', 'B', 'tie'];

/**
 * Mean of `score` over all pairs of votes by different raters on the same oriented item (the pairs of `raterPairs`,
 * earlier vote first). Pairs are counted by outcome rather than listed: each vote meets the earlier votes of the item
 * by outcome, less the rater's own, so an overlap item every rater judged costs one pass, not a pass per pair.
 */
export function pairwiseAgreement(votes: readonly AgreementVote[], score: PairScore): PairwiseAgreement {
  const tally = new PairwiseAgreementTally(score);
  for (const vote of votes) tally.add(vote);
  return tally.result();
}

/**
 * `pairwiseAgreement` kept up to date as votes arrive: after adding votes in order, `result()` equals
 * `pairwiseAgreement` of all of them. Each vote costs the same whatever came before, so a live view can add a log's
 * new votes instead of reading it again. Sums stay exact: every score is 0, ½ or 1 times a whole number of pairs.
 */
export class PairwiseAgreementTally {
  readonly #items = new Map<string, { earlier: OutcomeCounts; earlierOfRater: Map<string, PackedCounts>; pairs: number }>();
  #sum = 0;
  #pairs = 0;
  #itemsWithPairs = 0;

  constructor(private readonly score: PairScore) {}

  add(vote: AgreementVote): void {
    const { key, rater, outcome: cast } = orientVote(vote);
    let item = this.#items.get(key);
    if (!item) this.#items.set(key, (item = { earlier: noOutcomes(), earlierOfRater: new Map(), pairs: 0 }));
    const packed = item.earlierOfRater.get(rater) ?? 0;
    const own = unpack(packed);
    const hadPairs = item.pairs > 0;
    for (const outcome of OUTCOMES) {
      const n = item.earlier[outcome] - own[outcome];
      const s = n === 0 ? null : this.score(outcome, cast);
      if (s === null) continue;
      this.#sum += s * n;
      this.#pairs += n;
      item.pairs += n;
    }
    if (!hadPairs && item.pairs > 0) this.#itemsWithPairs++;
    item.earlier[cast]++;
    item.earlierOfRater.set(rater, withOneMore(packed, cast));
  }

  result(): PairwiseAgreement {
    return { value: this.#pairs === 0 ? null : this.#sum / this.#pairs, pairs: this.#pairs, items: this.#itemsWithPairs };
  }
}


/**
 * Tie-discounted agreement (arXiv 2308.14149): Σ_pairs s / pairs with s = 1 (same choice), ½ (exactly one tie),
 * 0 (opposite models). Random voting gives `RANDOM_TIE_DISCOUNTED_AGREEMENT` = 5/9.
 */
export function tieDiscountedAgreement(votes: readonly AgreementVote[]): PairwiseAgreement {
  return pairwiseAgreement(votes, tieDiscountedScore);
}

/** S1 (arXiv 2306.05685, "with ties"): share of pairs whose two votes are equal, a tie counting as a third choice. */
export function s1Agreement(votes: readonly AgreementVote[]): PairwiseAgreement {
  return pairwiseAgreement(votes, s1Score);
}

/** S2 (arXiv 2306.05685, "without ties"): as S1 over the pairs in which neither vote is a tie. */
export function s2Agreement(votes: readonly AgreementVote[]): PairwiseAgreement {
  return pairwiseAgreement(votes, s2Score);
}

export interface RaterAgreement extends PairwiseAgreement {
  rater: string;
}

/**
 * Each rater against everyone else: the measure over the pairs that include the rater (so every pair counts for both
 * of its raters). Raters sorted by code unit; a rater with no pair has value null.
 */
export function perRaterAgreement(
  votes: readonly AgreementVote[],
  measure: PairwiseMeasure = 'tieDiscounted',
): RaterAgreement[] {
  const score = PAIR_SCORES[measure];
  const totals = new Map<string, { sum: number; pairs: number; items: Set<string> }>();
  for (const vote of votes) if (!totals.has(vote.rater)) totals.set(vote.rater, { sum: 0, pairs: 0, items: new Set() });
  for (const [a, b, key] of raterPairs(votesByItem(votes))) {
    const s = score(a.outcome, b.outcome);
    if (s === null) continue;
    for (const rater of [a.rater, b.rater]) {
      const total = totals.get(rater)!;
      total.sum += s;
      total.pairs++;
      total.items.add(key);
    }
  }
  return [...totals]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([rater, t]) => ({ rater, value: t.pairs === 0 ? null : t.sum / t.pairs, pairs: t.pairs, items: t.items.size }));
}
