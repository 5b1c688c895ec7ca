import type { Outcome } from '../rating/elo.js';
import { votesByItem, type AgreementVote, type OrientedVote } from './orient.js';

export interface AlphaResult {
  /** α; null when undefined (fewer than two pairable values, or all of them equal, so D_e = 0). */
  value: number | null;
  /** Units with at least two values (the only ones α uses). */
  units: number;
  /** n: the values in those units. */
  values: number;
}

/**
 * Krippendorff's alpha with the ordinal metric, in the standard coincidence-matrix form of Krippendorff (2011),
 * "Computing Krippendorff's Alpha-Reliability". `units[u]` holds the values coders gave unit u; only the order of
 * values matters. Units with one value are not pairable and are left out.
 *
 *   o_ck = Σ_u (number of c-k pairs of values in u) / (m_u − 1),   n_c = Σ_k o_ck,   n = Σ_c n_c
 *   δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²   (ordinal metric, values ranked c ≤ g ≤ k)
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c<k} o_ck δ²_ck / Σ_{c<k} n_c n_k δ²_ck
 */
export function krippendorffAlphaOrdinalOfUnits(units: readonly (readonly number[])[]): AlphaResult {
  const pairable = units.filter((unit) => unit.length >= 2);
  const ranked = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const rank = new Map(ranked.map((value, i) => [value, i]));
  const v = ranked.length;
  const o = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  for (const unit of pairable) {
    const counts = new Array<number>(v).fill(0);
    for (const value of unit) counts[rank.get(value)!]!++;
    for (let c = 0; c < v; c++) {
      for (let k = 0; k < v; k++) {
        // Ordered pairs of distinct values in the unit: n_uc · (n_uk − [c = k]).
        o[c]![k]! += (counts[c]! * (counts[k]! - (c === k ? 1 : 0))) / (unit.length - 1);
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    let between = nc[c]!;
    for (let k = c + 1; k < v; k++) {
      between += nc[k]!;
      const delta2 = (between - (nc[c]! + nc[k]!) / 2) ** 2;
      observed += o[c]![k]! * delta2;
      expected += nc[c]! * nc[k]! * delta2;
    }
  }
  const value = expected === 0 ? null : 1 - ((n - 1) * observed) / expected;
  return { value, units: pairable.length, values: n };
}

/** The order α assumes for oriented votes: first model wins < tie < second model wins. */
const ORDINAL_RANK: Record<Outcome, number> = { A: 1, tie: 2, B: 3 };

/**
 * Krippendorff's alpha (ordinal) on pairwise votes: units are oriented items, values are oriented outcomes on the
 * order A < tie < B. α measures agreement between coders, each coding a unit once: a rater who voted twice on an item
 * (possible in an external log) counts with the first vote only, so an item only one rater judged is not pairable, as
 * in the pairwise measures, which never pair a rater with themselves.
 */
export function krippendorffAlphaOrdinal(votes: readonly AgreementVote[]): AlphaResult {
  const units = [...votesByItem(votes).values()].map((group) => {
    const firstOfEachRater = new Map<string, OrientedVote>();
    for (const vote of group) if (!firstOfEachRater.has(vote.rater)) firstOfEachRater.set(vote.rater, vote);
    return [...firstOfEachRater.values()].map((vote) => ORDINAL_RANK[vote.outcome]);
  });
  return krippendorffAlphaOrdinalOfUnits(units);
}
