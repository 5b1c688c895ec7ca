import { describe, expect, it } from 'vitest';
import { binomialTestTwoSided } from '../../shared/research/binomial-test.js';

describe('binomialTestTwoSided', () => {
  it('gives 1 for the most likely outcome and for no trials', () => {
    expect(binomialTestTwoSided(5, 10)).toBeCloseTo(1, 12);
    expect(binomialTestTwoSided(0, 0)).toBe(1);
  });

  it('matches hand-computed tails: 9 of 10 gives 2 × (10 + 1) / 1024', () => {
    // P(X ≥ 9) = (C(10,9) + C(10,10)) / 2^10 = 11/1024; two-sided doubles it by symmetry.
    expect(binomialTestTwoSided(9, 10)).toBeCloseTo(22 / 1024, 12);
    expect(binomialTestTwoSided(1, 10)).toBeCloseTo(22 / 1024, 12);
    expect(binomialTestTwoSided(10, 10)).toBeCloseTo(2 / 1024, 12);
  });

  it('matches R: binom.test(7, 20)$p.value = 0.2631760', () => {
    // P(X ≤ 7) for n = 20 is 0.131588; doubled by symmetry.
    expect(binomialTestTwoSided(7, 20)).toBeCloseTo(0.263176, 6);
  });

  it('works for an uneven p: 0 successes in 3 at p = 0.9 counts every outcome at most as likely', () => {
    // P(0) = 0.001, P(1) = 0.027, P(2) = 0.243, P(3) = 0.729: only k = 0 is ≤ 0.001.
    expect(binomialTestTwoSided(0, 3, 0.9)).toBeCloseTo(0.001, 12);
  });

  it('refuses impossible counts', () => {
    expect(() => binomialTestTwoSided(11, 10)).toThrow(RangeError);
  });
});
