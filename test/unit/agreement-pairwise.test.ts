import { describe, expect, it } from 'vitest';
import { raterPairs, votesByItem, type AgreementVote } from '../../shared/agreement/orient.js';
import {
  PAIR_SCORES,
  PairwiseAgreementTally,
  pairwiseAgreement,
  perRaterAgreement,
  RANDOM_TIE_DISCOUNTED_AGREEMENT,
  s1Agreement,
  s2Agreement,
  tieDiscountedAgreement,
  type PairScore,
} from '../../shared/agreement/pairwise.js';
import { mulberry32 } from '../../shared/stats/random.js';

type Outcome = AgreementVote['outcome'];
const vote = (rater: string, item: string, modelA: string, modelB: string, outcome: Outcome): AgreementVote => ({
  rater,
  item,
  modelA,
  modelB,
  outcome,
});

/**
 * Oriented to x < y < z ("A" = the alphabetically first model won):
 *   q1 (x,y): r1 A, r2 A (cast as "B" with y shown first), r3 tie    → pairs r1r2, r1r3, r2r3
 *   q2 (x,y): r1 A, r2 B                                              → pair r1r2 (opposite)
 *   q3 (x,z): r1 tie, r2 tie                                          → pair r1r2 (both tie)
 *   q4 (x,y): r4 A alone                                              → no pair
 *   q5: r1 on (x,y), r2 on (x,z): two items                          → no pair
 */
const votes: AgreementVote[] = [
  vote('r1', 'q1', 'x', 'y', 'A'),
  vote('r2', 'q1', 'y', 'x', 'B'),
  vote('r3', 'q1', 'x', 'y', 'tie'),
  vote('r1', 'q2', 'x', 'y', 'A'),
  vote('r2', 'q2', 'x', 'y', 'B'),
  vote('r1', 'q3', 'z', 'x', 'tie'),
  vote('r2', 'q3', 'x', 'z', 'tie'),
  vote('r4', 'q4', 'x', 'y', 'A'),
  vote('r1', 'q5', 'x', 'y', 'A'),
  vote('r2', 'q5', 'x', 'z', 'A'),
];

describe('tieDiscountedAgreement', () => {
  it('scores 1 / ½ / 0 per pair and averages over pairs', () => {
    // q1: r1r2 same 1, r1r3 one tie ½, r2r3 one tie ½ = 2; q2: opposite 0; q3: tie = tie 1. (2 + 0 + 1) / 5 = 0.6
    expect(tieDiscountedAgreement(votes)).toEqual({ value: 0.6, pairs: 5, items: 3 });
  });

  it('is null with no pair', () => {
    expect(tieDiscountedAgreement([vote('r1', 'q', 'x', 'y', 'A'), vote('r2', 'p', 'x', 'y', 'A')])).toEqual({
      value: null,
      pairs: 0,
      items: 0,
    });
  });

  it('uses each vote of a rater who voted twice on an item', () => {
    // r1 A and tie, r2 A: pairs (A, A) = 1 and (tie, A) = ½ → 0.75 over 2 pairs; r1 with r1 is not a pair.
    const twice = [vote('r1', 'q', 'x', 'y', 'A'), vote('r1', 'q', 'x', 'y', 'tie'), vote('r2', 'q', 'x', 'y', 'A')];
    expect(tieDiscountedAgreement(twice)).toEqual({ value: 0.75, pairs: 2, items: 1 });
  });

  it('gives 5/9 over the 9 equally likely pairs of two uniformly random raters (exhaustive)', () => {
    // (A,A) (tie,tie) (B,B) → 3 × 1; (A,tie) (tie,A) (B,tie) (tie,B) → 4 × ½; (A,B) (B,A) → 2 × 0; 5 / 9.
    const choices: Outcome[] = ['A', 'tie', 'B'];
    const all = choices.flatMap((a, i) =>
      choices.flatMap((b, j) => [vote('r1', `q${i}${j}`, 'x', 'y', a), vote('r2', `q${i}${j}`, 'x', 'y', b)]),
    );
    expect(tieDiscountedAgreement(all)).toEqual({ value: 5 / 9, pairs: 9, items: 9 });
    expect(RANDOM_TIE_DISCOUNTED_AGREEMENT).toBe(5 / 9);
  });

  it('comes close to 5/9 (and S1 to 1/3, S2 to 1/2) for random votes on many items (property)', () => {
    const random = mulberry32(2023);
    const choices: Outcome[] = ['A', 'tie', 'B'];
    const many = Array.from({ length: 30000 }, (_, i) =>
      vote(`r${i % 3}`, `q${Math.floor(i / 3)}`, 'x', 'y', choices[Math.floor(random() * 3)]!),
    );
    // 30,000 pairs (≈ 13,300 without ties), correlated within an item: standard errors near 0.005, so 0.015 ≈ 3 SE.
    expect(Math.abs(tieDiscountedAgreement(many).value! - 5 / 9)).toBeLessThan(0.015);
    expect(Math.abs(s1Agreement(many).value! - 1 / 3)).toBeLessThan(0.015);
    expect(Math.abs(s2Agreement(many).value! - 1 / 2)).toBeLessThan(0.015);
  });
});

describe('pairwiseAgreement', () => {
  /** Every pair listed one by one, as `raterPairs` gives them: what counting by outcome must equal. */
  function listingEveryPair(all: readonly AgreementVote[], score: PairScore) {
    let sum = 0;
    let pairs = 0;
    const items = new Set<string>();
    for (const [a, b, key] of raterPairs(votesByItem(all))) {
      const s = score(a.outcome, b.outcome);
      if (s === null) continue;
      sum += s;
      pairs++;
      items.add(key);
    }
    return { value: pairs === 0 ? null : sum / pairs, pairs, items: items.size };
  }

  it('equals listing every pair, for each measure, with raters voting more than once on an item (property)', () => {
    const random = mulberry32(11);
    const choices: Outcome[] = ['A', 'tie', 'B'];
    for (let round = 0; round < 200; round++) {
      const some = Array.from({ length: Math.floor(random() * 40) }, () => {
        const [a, b] = random() < 0.5 ? ['x', 'y'] : ['y', 'x'];
        return vote(`r${Math.floor(random() * 5)}`, `q${Math.floor(random() * 4)}`, a, b, choices[Math.floor(random() * 3)]!);
      });
      for (const score of Object.values(PAIR_SCORES)) expect(pairwiseAgreement(some, score)).toEqual(listingEveryPair(some, score));
    }
  });

  it('keeps the same result as votes arrive one at a time, read after any of them (property)', () => {
    const random = mulberry32(12);
    const choices: Outcome[] = ['A', 'tie', 'B'];
    for (let round = 0; round < 50; round++) {
      const log = Array.from({ length: Math.floor(random() * 60) }, () => {
        const [a, b] = random() < 0.5 ? ['x', 'y'] : ['y', 'x'];
        return vote(`r${Math.floor(random() * 5)}`, `q${Math.floor(random() * 4)}`, a, b, choices[Math.floor(random() * 3)]!);
      });
      for (const score of Object.values(PAIR_SCORES)) {
        const tally = new PairwiseAgreementTally(score);
        log.forEach((v, i) => {
          tally.add(v);
          if (random() < 0.3) expect(tally.result()).toEqual(listingEveryPair(log.slice(0, i + 1), score));
        });
        expect(tally.result()).toEqual(listingEveryPair(log, score));
      }
    }
  });

  it('takes one pass over an item every rater judged: 3,000 raters on one item', () => {
    const random = mulberry32(5);
    const choices: Outcome[] = ['A', 'tie', 'B'];
    const crowd = Array.from({ length: 3000 }, (_, i) => vote(`r${i}`, 'q', 'x', 'y', choices[Math.floor(random() * 3)]!));
    const started = performance.now();
    expect(tieDiscountedAgreement(crowd).pairs).toBe((3000 * 2999) / 2);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('s1Agreement and s2Agreement (MT-Bench)', () => {
  it('S1 counts a tie as a third choice: equal votes only', () => {
    // q1: r1r2 (A,A) 1, r1r3 (A,tie) 0, r2r3 (A,tie) 0; q2: (A,B) 0; q3: (tie,tie) 1 → 2 / 5 = 0.4
    expect(s1Agreement(votes)).toEqual({ value: 0.4, pairs: 5, items: 3 });
  });

  it('S2 leaves out every pair with a tie in it', () => {
    // Left: q1 r1r2 (A,A) 1 and q2 (A,B) 0 → 1 / 2 = 0.5 over 2 pairs on 2 items; q3's tie pair is gone.
    expect(s2Agreement(votes)).toEqual({ value: 0.5, pairs: 2, items: 2 });
  });
});

describe('perRaterAgreement', () => {
  it('scores each rater over the pairs that include them', () => {
    // r1: q1 r1r2 1, r1r3 ½; q2 0; q3 1 → 2.5 / 4. r2: the same four kinds → 2.5 / 4. r3: q1 ½ + ½ → 1 / 2.
    // Every pair counts for both raters: 4 + 4 + 2 = 2 × 5 pairs. r4 has no pair.
    expect(perRaterAgreement(votes, 'tieDiscounted')).toEqual([
      { rater: 'r1', value: 0.625, pairs: 4, items: 3 },
      { rater: 'r2', value: 0.625, pairs: 4, items: 3 },
      { rater: 'r3', value: 0.5, pairs: 2, items: 1 },
      { rater: 'r4', value: null, pairs: 0, items: 0 },
    ]);
  });

  it('takes the measure by name: S2 drops r3, whose pairs all hold a tie', () => {
    // r1 and r2: q1 (A,A) 1 and q2 (A,B) 0 → 0.5 over 2 pairs each.
    expect(perRaterAgreement(votes, 's2')).toEqual([
      { rater: 'r1', value: 0.5, pairs: 2, items: 2 },
      { rater: 'r2', value: 0.5, pairs: 2, items: 2 },
      { rater: 'r3', value: null, pairs: 0, items: 0 },
      { rater: 'r4', value: null, pairs: 0, items: 0 },
    ]);
  });
});
