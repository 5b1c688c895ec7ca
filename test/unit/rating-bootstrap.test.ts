import { describe, expect, it } from 'vitest';
import { bootstrapRatings, rankWithTies } from '../../shared/rating/bootstrap.js';
import { quantile } from '../../shared/stats/quantile.js';
import { mulberry32 } from '../../shared/stats/random.js';
import { fitBradleyTerry } from '../../shared/rating/bradley-terry.js';
import type { LoggedVote, Outcome } from '../../shared/rating/elo.js';

const vote = (modelA: string, modelB: string, outcome: Outcome): LoggedVote => ({ modelA, modelB, outcome });

/** `wins` votes won by a and `losses` by b, alternating which one is shown as A. */
function matchup(a: string, b: string, wins: number, losses: number): LoggedVote[] {
  const log: LoggedVote[] = [];
  for (let i = 0; i < wins; i++) log.push(i % 2 === 0 ? vote(a, b, 'A') : vote(b, a, 'B'));
  for (let i = 0; i < losses; i++) log.push(i % 2 === 0 ? vote(a, b, 'B') : vote(b, a, 'A'));
  return log;
}

/** Three clearly separated models: a beats b and b beats c 70–30, a beats c 85–15. */
const clearCut = [...matchup('a', 'b', 70, 30), ...matchup('b', 'c', 70, 30), ...matchup('a', 'c', 85, 15)];

describe('mulberry32', () => {
  it('gives the published algorithm’s sequence for seed 1', () => {
    const random = mulberry32(1);
    expect(random()).toBe(0.6270739405881613);
    expect(random()).toBe(0.002735721180215478);
    expect(random()).toBe(0.5274470399599522);
  });

  it('draws from [0, 1) with mean ½ (property)', () => {
    const random = mulberry32(2024);
    const draws = Array.from({ length: 20_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.5, 2);
  });
});

describe('quantile (type 7)', () => {
  it('interpolates between order statistics at (n − 1)·p', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12); // h = 3 · 0.025 = 0.075
    expect(quantile([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(quantile([7], 0.975)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('bootstrapRatings', () => {
  it('keeps the intervals of well-rated models narrow beside a model with a handful of votes', () => {
    const width = (intervals: ReturnType<typeof bootstrapRatings>, model: string) => {
      const interval = intervals.find((r) => r.model === model)!;
      return interval.upper! - interval.lower!;
    };
    const alone = bootstrapRatings(clearCut, { rounds: 300, seed: 7 });
    // d won 1 of 4: in most resamples it never won, and its rating was the prior's, thousands of points down.
    const withThin = bootstrapRatings([...clearCut, ...matchup('d', 'a', 1, 3)], { rounds: 300, seed: 7 });
    // Its own uncertain rating still moves the mean when it is in the centre: wider, but not by a thousand points.
    for (const model of ['a', 'b', 'c']) expect(width(withThin, model), model).toBeLessThan(2 * width(alone, model));
  });

  it('is deterministic for a seed and changes with it', () => {
    const first = bootstrapRatings(clearCut, { rounds: 50, seed: 7 });
    expect(bootstrapRatings(clearCut, { rounds: 50, seed: 7 })).toEqual(first);
    expect(bootstrapRatings(clearCut, { rounds: 50, seed: 8 })).not.toEqual(first);
  });

  it('brackets the point estimate of a large clear-cut log, and ranks the models 1, 2, 3', () => {
    const point = new Map(fitBradleyTerry(clearCut).map((r) => [r.model, r.rating]));
    const intervals = bootstrapRatings(clearCut, { rounds: 300, seed: 1 });
    expect(intervals.map((i) => i.model)).toEqual(['a', 'b', 'c']);
    for (const interval of intervals) {
      expect(interval.rounds).toBe(300);
      expect(interval.lower!).toBeLessThan(point.get(interval.model)!);
      expect(interval.upper!).toBeGreaterThan(point.get(interval.model)!);
      expect(interval.lower!).toBeLessThanOrEqual(interval.median!);
      expect(interval.median!).toBeLessThanOrEqual(interval.upper!);
    }
    expect(rankWithTies(intervals).map((i) => i.rank)).toEqual([1, 2, 3]);
  });

  it('gives null bounds with no rounds', () => {
    expect(bootstrapRatings(clearCut, { rounds: 0, seed: 1 })[0]).toMatchObject({ lower: null, median: null, upper: null, rounds: 0 });
  });

  it('pins an anchor at 1000 in every resample', () => {
    const intervals = bootstrapRatings(clearCut, { rounds: 40, seed: 3, anchor: 'c' });
    expect(intervals.find((i) => i.model === 'c')).toMatchObject({ lower: 1000, median: 1000, upper: 1000 });
    expect(intervals.find((i) => i.model === 'a')!.lower!).toBeGreaterThan(1000);
  });

  it('gives the same intervals by its fast default as with fitBradleyTerry passed as the fit', () => {
    const fast = bootstrapRatings(clearCut, { rounds: 30, seed: 4 });
    const slow = bootstrapRatings(clearCut, { rounds: 30, seed: 4, fit: (votes) => fitBradleyTerry(votes) });
    expect(slow.map((i) => i.model)).toEqual(fast.map((i) => i.model));
    slow.forEach((interval, k) => {
      expect(interval.lower!).toBeCloseTo(fast[k]!.lower!, 6);
      expect(interval.median!).toBeCloseTo(fast[k]!.median!, 6);
      expect(interval.upper!).toBeCloseTo(fast[k]!.upper!, 6);
    });
  });

  it('rates a model only in the resamples that hold one of its votes', () => {
    // One vote of 201: left out of a resample with probability (200/201)^201 ≈ e^−1.
    const log = [...clearCut.slice(0, 200), vote('a', 'rare', 'A')];
    const rare = bootstrapRatings(log, { rounds: 200, seed: 2 }).find((i) => i.model === 'rare')!;
    expect(rare.rounds).toBeGreaterThan(100);
    expect(rare.rounds).toBeLessThan(160);
  });

  it('uses the fit it is given', () => {
    const constant = (votes: LoggedVote[]) => [...new Set(votes.map((v) => v.modelA))].map((model) => ({ model, rating: 1234 }));
    const intervals = bootstrapRatings(clearCut, { rounds: 5, seed: 1, fit: constant });
    for (const interval of intervals) expect(interval).toMatchObject({ lower: 1234, median: 1234, upper: 1234 });
  });
});

describe('rankWithTies', () => {
  it('ranks each model 1 + the number of models whose lower bound is above its upper bound', () => {
    const ranked = rankWithTies([
      { model: 'd', lower: 21, upper: 30 },
      { model: 'b', lower: 15, upper: 25 },
      { model: 'a', lower: 10, upper: 20 },
      { model: 'c', lower: 0, upper: 9 },
    ]);
    // d and b overlap: both 1. a overlaps b but lies wholly below d (21 > 20): 2. c lies below all three: 4.
    expect(ranked.map((r) => [r.model, r.rank])).toEqual([
      ['d', 1],
      ['b', 1],
      ['a', 2],
      ['c', 4],
    ]);
  });

  it('ties intervals that only touch, and treats a missing bound as unbounded', () => {
    const ranked = rankWithTies([
      { model: 'x', lower: 10, upper: 20 },
      { model: 'y', lower: 0, upper: 10 },
      { model: 'z', lower: null, upper: null },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1]);
  });
});
