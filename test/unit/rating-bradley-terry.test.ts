import { describe, expect, it } from 'vitest';
import {
  centringGroups,
  fitBradleyTerry,
  fitBradleyTerryCounts,
  fitStrengths,
  type BradleyTerryRating,
} from '../../shared/rating/bradley-terry.js';
import type { LoggedVote, Outcome } from '../../shared/rating/elo.js';
import { comparisonComponents, countIndexedVotes, countPairs, indexVotes } from '../../shared/rating/pair-counts.js';

const vote = (modelA: string, modelB: string, outcome: Outcome): LoggedVote => ({ modelA, modelB, outcome });
const repeat = (times: number, v: LoggedVote): LoggedVote[] => Array.from({ length: times }, () => v);
const ratingOf = (ratings: BradleyTerryRating[], model: string) => ratings.find((r) => r.model === model)!.rating;
const LOG2 = 400 * Math.log10(2);

/** Linear congruential generator, so the random logs are the same on every run. */
function randomLog(length: number, models: string[], seed: number): LoggedVote[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const outcomes = ['A', 'B', 'tie'] as const;
  return Array.from({ length }, () => {
    const i = Math.floor(random() * models.length);
    const j = (i + 1 + Math.floor(random() * (models.length - 1))) % models.length;
    return vote(models[i]!, models[j]!, outcomes[Math.floor(random() * 3)]!);
  });
}

describe('fitBradleyTerry', () => {
  it('rates 3 wins to 1 exactly 400·log10(3) apart, around a mean of 1000', () => {
    // MLE: σ(θx − θy) = 3/4, so θx − θy = ln 3, i.e. 400·log10(3) ≈ 190.85 Elo points.
    const ratings = fitBradleyTerry([vote('x', 'y', 'A'), vote('y', 'x', 'B'), vote('x', 'y', 'A'), vote('x', 'y', 'B')]);
    expect(ratings.map((r) => r.model)).toEqual(['x', 'y']);
    expect(ratingOf(ratings, 'x') - ratingOf(ratings, 'y')).toBeCloseTo(400 * Math.log10(3), 6);
    expect(ratingOf(ratings, 'x') + ratingOf(ratings, 'y')).toBeCloseTo(2000, 9);
    expect(ratings.map((r) => r.votes)).toEqual([4, 4]);
  });

  it('counts a tie as half a win: 1 win and 1 tie is 1.5 to 0.5, again 400·log10(3)', () => {
    const ratings = fitBradleyTerry([vote('x', 'y', 'A'), vote('x', 'y', 'tie')]);
    expect(ratingOf(ratings, 'x') - ratingOf(ratings, 'y')).toBeCloseTo(400 * Math.log10(3), 6);
  });

  it('rates models that only tied equally, at 1000', () => {
    const ratings = fitBradleyTerry([vote('x', 'y', 'tie'), vote('y', 'z', 'tie'), vote('z', 'x', 'tie')]);
    for (const r of ratings) expect(r.rating).toBeCloseTo(1000, 9);
  });

  it('recovers strengths 4 : 2 : 1 from counts that match them exactly (hand-computed)', () => {
    // γ = (4, 2, 1): P(a>b) = 2/3, P(b>c) = 2/3, P(a>c) = 4/5. Counts 2–1, 2–1 and 4–1 equal the expectations, so
    // the score equations hold: R_a − R_b = R_b − R_c = 400·log10(2) ≈ 120.41, and the mean 1000 puts b at 1000.
    const log = [
      ...repeat(2, vote('a', 'b', 'A')),
      vote('a', 'b', 'B'),
      ...repeat(2, vote('b', 'c', 'A')),
      vote('c', 'b', 'A'),
      ...repeat(4, vote('c', 'a', 'B')),
      vote('c', 'a', 'A'),
    ];
    const ratings = fitBradleyTerry(log);
    expect(ratings.map((r) => r.model)).toEqual(['a', 'b', 'c']);
    expect(ratingOf(ratings, 'a')).toBeCloseTo(1000 + LOG2, 6);
    expect(ratingOf(ratings, 'b')).toBeCloseTo(1000, 6);
    expect(ratingOf(ratings, 'c')).toBeCloseTo(1000 - LOG2, 6);
    expect(ratings.map((r) => r.votes)).toEqual([8, 6, 8]);
  });

  it('fits a chain a–b–c pair by pair (hand-computed: no cycle, so each pair matches its own odds)', () => {
    // a beats b 2–1 (a − b = 400·log10 2), b and c split 1–1 (b = c); mean 1000: a = 1000 + ⅔·x, b = c = 1000 − ⅓·x.
    const log = [vote('a', 'b', 'A'), vote('b', 'a', 'B'), vote('a', 'b', 'B'), vote('b', 'c', 'A'), vote('b', 'c', 'B')];
    const ratings = fitBradleyTerry(log);
    expect(ratingOf(ratings, 'a')).toBeCloseTo(1000 + (2 / 3) * LOG2, 6);
    expect(ratingOf(ratings, 'b')).toBeCloseTo(1000 - LOG2 / 3, 6);
    expect(ratingOf(ratings, 'c')).toBeCloseTo(1000 - LOG2 / 3, 6);
  });

  it('satisfies the score equations on a random log: every model scores what its ratings expect (property)', () => {
    const log = randomLog(600, ['a', 'b', 'c', 'd', 'e'], 11);
    const ratings = new Map(fitBradleyTerry(log).map((r) => [r.model, r.rating]));
    const surplus = new Map<string, number>();
    for (const v of log) {
      const expected = 1 / (1 + 10 ** ((ratings.get(v.modelB)! - ratings.get(v.modelA)!) / 400));
      const score = v.outcome === 'A' ? 1 : v.outcome === 'tie' ? 0.5 : 0;
      surplus.set(v.modelA, (surplus.get(v.modelA) ?? 0) + score - expected);
      surplus.set(v.modelB, (surplus.get(v.modelB) ?? 0) - (score - expected));
    }
    for (const s of surplus.values()) expect(Math.abs(s)).toBeLessThan(1e-6);
  });

  it('gives the same ratings however the votes are ordered', () => {
    const log = randomLog(300, ['a', 'b', 'c', 'd'], 3);
    const reversed = [...log].reverse();
    const interleaved = [...log.filter((_, i) => i % 2 === 1), ...log.filter((_, i) => i % 2 === 0)];
    expect(fitBradleyTerry(reversed)).toEqual(fitBradleyTerry(log));
    expect(fitBradleyTerry(interleaved)).toEqual(fitBradleyTerry(log));
  });

  it('puts an anchor at exactly 1000 and keeps the differences', () => {
    const log = randomLog(200, ['a', 'b', 'c'], 5);
    const free = fitBradleyTerry(log);
    const anchored = fitBradleyTerry(log, { anchor: 'c' });
    expect(ratingOf(anchored, 'c')).toBe(1000);
    for (const model of ['a', 'b']) {
      expect(ratingOf(anchored, model) - 1000).toBeCloseTo(ratingOf(free, model) - ratingOf(free, 'c'), 9);
    }
  });

  it('refuses an anchor that has no votes', () => {
    expect(() => fitBradleyTerry([vote('a', 'b', 'A')], { anchor: 'z' })).toThrow(RangeError);
  });

  it('keeps a model that never lost finite and first, without disturbing the others', () => {
    const log = [...repeat(5, vote('x', 'y', 'A')), ...repeat(2, vote('y', 'z', 'A')), vote('z', 'y', 'A')];
    const ratings = fitBradleyTerry(log);
    expect(ratings[0]!.model).toBe('x');
    for (const r of ratings) expect(Number.isFinite(r.rating)).toBe(true);
    expect(ratingOf(ratings, 'y') - ratingOf(ratings, 'z')).toBeCloseTo(LOG2, 3);
    expect(fitStrengths(countPairs(log)).converged).toBe(true);
  });

  it('centres on the models the data rate relative to each other: one that only lost moves nobody (hand-computed)', () => {
    // a:b 2:1, b:c 2:1, a:c 4:1 fit exactly: strengths 4 : 2 : 1, i.e. a − b = b − c = 400·log10(2), and mean 1000.
    const core = [
      ...repeat(2, vote('a', 'b', 'A')), vote('a', 'b', 'B'),
      ...repeat(2, vote('b', 'c', 'A')), vote('b', 'c', 'B'),
      ...repeat(4, vote('a', 'c', 'A')), vote('a', 'c', 'B'),
    ];
    const expected = { a: 1000 + LOG2, b: 1000, c: 1000 - LOG2 };
    // e never won: its rating is the prior's doing, and averaging it in would have moved a, b and c by hundreds.
    const withLoser = fitBradleyTerry([...core, ...repeat(2, vote('a', 'e', 'A'))]);
    for (const [model, rating] of Object.entries(expected)) expect(ratingOf(withLoser, model)).toBeCloseTo(rating, 3);
    expect(ratingOf(withLoser, 'e')).toBeLessThan(0);
    expect(centringGroups(countPairs([...core, vote('a', 'e', 'A')]))).toEqual([{ members: [0, 1, 2, 3], centre: [0, 1, 2] }]);
  });

  it('centres on the whole component when no two models scored against each other both ways', () => {
    const chain = [vote('a', 'b', 'A'), vote('b', 'c', 'A')];
    const ratings = fitBradleyTerry(chain);
    expect(ratings.reduce((s, r) => s + r.rating, 0) / 3).toBeCloseTo(1000, 6);
    expect(centringGroups(countPairs(chain))).toEqual([{ members: [0, 1, 2], centre: [0, 1, 2] }]);
  });

  it('centres each part of a disconnected comparison graph on its own', () => {
    const log = [...repeat(3, vote('a', 'b', 'A')), vote('a', 'b', 'B'), vote('c', 'd', 'tie')];
    const ratings = fitBradleyTerry(log);
    expect(ratingOf(ratings, 'a') + ratingOf(ratings, 'b')).toBeCloseTo(2000, 6);
    expect(ratingOf(ratings, 'c')).toBeCloseTo(1000, 9);
    expect(ratingOf(ratings, 'd')).toBeCloseTo(1000, 9);
    expect(comparisonComponents(countPairs(log))).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('returns nothing for an empty log', () => {
    expect(fitBradleyTerry([])).toEqual([]);
  });

  it('matches the plain MLE (λ = 0) where that exists, and refuses a negative λ', () => {
    const log = randomLog(100, ['a', 'b', 'c'], 9);
    const plain = fitBradleyTerry(log, { regularization: 0 });
    const ridge = fitBradleyTerry(log);
    plain.forEach((r, i) => expect(r.rating).toBeCloseTo(ridge[i]!.rating, 5));
    expect(() => fitBradleyTerry(log, { regularization: -1 })).toThrow(RangeError);
  });

  it('stops at the iteration cap when the MLE does not exist and λ = 0', () => {
    const fit = fitStrengths(countPairs(repeat(3, vote('x', 'y', 'A'))), { regularization: 0, maxIterations: 20 });
    expect(fit).toMatchObject({ iterations: 20, converged: false });
  });

  it('leaves out models a resample never picked, and centres the rest on 1000', () => {
    const indexed = indexVotes([vote('a', 'b', 'A'), vote('b', 'c', 'tie'), vote('c', 'b', 'tie')]);
    const ratings = fitBradleyTerryCounts(countIndexedVotes(indexed, [1, 2, 2]));
    expect(ratings).toEqual([
      { model: 'b', rating: 1000, votes: 3 },
      { model: 'c', rating: 1000, votes: 3 },
    ]);
    expect(() => fitBradleyTerryCounts(countIndexedVotes(indexed, [1]), { anchor: 'a' })).toThrow(RangeError);
  });
});
