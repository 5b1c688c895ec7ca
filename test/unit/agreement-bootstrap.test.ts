import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from '../../shared/agreement/bootstrap.js';
import { krippendorffAlphaOrdinal } from '../../shared/agreement/krippendorff.js';
import type { AgreementVote } from '../../shared/agreement/orient.js';
import { s1Agreement, s2Agreement, tieDiscountedAgreement } from '../../shared/agreement/pairwise.js';
import { mulberry32 } from '../../shared/stats/random.js';

type Outcome = AgreementVote['outcome'];
const vote = (rater: string, item: string, outcome: Outcome, modelA = 'x', modelB = 'y'): AgreementVote => ({
  rater,
  item,
  modelA,
  modelB,
  outcome,
});

describe('mulberry32', () => {
  it('gives the reference sequence for seed 1', () => {
    // Values of the reference implementation (Ettinger's mulberry32), checked against an independent 32-bit port.
    const random = mulberry32(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('repeats for a seed, stays in [0, 1) and averages ½ (property)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = a();
      expect(b()).toBe(x);
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 2);
  });
});

describe('bootstrapInterval', () => {
  // Item X: two raters agree (score 1); item Y: they choose opposite models (score 0); item Z: one rater only.
  const votes = [vote('r1', 'X', 'A'), vote('r2', 'X', 'A'), vote('r1', 'Y', 'A'), vote('r2', 'Y', 'B'), vote('r1', 'Z', 'B')];

  it('resamples items: every resample of {X, Y} is XX, XY or YY, so the interval is [0, 1]', () => {
    // P(XX) = ¼, P(XY) = ½, P(YY) = ¼: about 250 of 1000 resamples are 0 and 250 are 1, so both 2.5% tails sit on
    // them. Z has one rater and is not drawn.
    const interval = bootstrapInterval(votes, s1Agreement, { seed: 3 });
    expect(interval).toEqual({ value: 0.5, lower: 0, upper: 1, level: 0.95, rounds: 1000, defined: 1000, items: 2 });
  });

  it('is deterministic for a seed and changes with it', () => {
    const many = Array.from({ length: 200 }, (_, i) => [
      vote('r1', `q${i}`, i % 3 === 0 ? 'A' : 'B'),
      vote('r2', `q${i}`, i % 5 === 0 ? 'tie' : 'B'),
    ]).flat();
    const first = bootstrapInterval(many, tieDiscountedAgreement, { seed: 11, rounds: 300 });
    expect(bootstrapInterval(many, tieDiscountedAgreement, { seed: 11, rounds: 300 })).toEqual(first);
    expect(bootstrapInterval(many, tieDiscountedAgreement, { seed: 12, rounds: 300 })).not.toEqual(first);
    expect(first.lower!).toBeLessThan(first.value!);
    expect(first.upper!).toBeGreaterThan(first.value!);
  });

  it('keeps an item drawn twice as two items: copies are not paired with each other', () => {
    // Two items with one pair each: every resample has exactly 2 pairs. Merged copies would give 4 pairs on a double.
    const pairs = (v: readonly AgreementVote[]) => ({ value: tieDiscountedAgreement(v).pairs });
    expect(bootstrapInterval(votes, pairs, { rounds: 200 })).toMatchObject({ lower: 2, upper: 2 });
  });

  it('leaves out resamples where the measure is undefined', () => {
    // S2 on X' = (A, tie) has no pair; resamples X'X' (about ¼) are left out, the rest give 0 (Y is opposite).
    const withTie = [vote('r1', 'X', 'A'), vote('r2', 'X', 'tie'), vote('r1', 'Y', 'A'), vote('r2', 'Y', 'B')];
    const interval = bootstrapInterval(withTie, s2Agreement, { seed: 5 });
    expect(interval.defined).toBeGreaterThan(650);
    expect(interval.defined).toBeLessThan(850);
    expect(interval).toMatchObject({ value: 0, lower: 0, upper: 0 });
  });

  it('gives [1, 1] for perfect agreement, with any measure, alpha included', () => {
    const perfect = [vote('r1', 'a', 'A'), vote('r2', 'a', 'A'), vote('r1', 'b', 'B'), vote('r2', 'b', 'A', 'y', 'x')];
    // Alpha is undefined on a resample of two copies of the same item (one value only): those are left out.
    expect(bootstrapInterval(perfect, krippendorffAlphaOrdinal, { rounds: 100 })).toMatchObject({ value: 1, lower: 1, upper: 1 });
    expect(bootstrapInterval(perfect, tieDiscountedAgreement, { rounds: 100 })).toMatchObject({ lower: 1, upper: 1 });
  });
});
