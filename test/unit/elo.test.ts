import { describe, expect, it } from 'vitest';
import { applyVote, expectedScore, freshRecord, replayElo, updateElo } from '../../shared/rating/elo.js';

describe('expectedScore', () => {
  it('is one half between equal ratings', () => {
    expect(expectedScore(1000, 1000)).toBe(0.5);
  });

  it('gives 1/(1+10^-1) ≈ 0.909 to a model 400 points ahead', () => {
    // 1 / (1 + 10^((1000 − 1400)/400)) = 1 / 1.1 = 0.90909…
    expect(expectedScore(1400, 1000)).toBeCloseTo(10 / 11, 12);
    expect(expectedScore(1000, 1400)).toBeCloseTo(1 / 11, 12);
  });

  it('gives 1/(1+10^(-0.25)) ≈ 0.640 for 100 points', () => {
    expect(expectedScore(1100, 1000)).toBeCloseTo(1 / (1 + 10 ** -0.25), 12);
    expect(expectedScore(1100, 1000)).toBeCloseTo(0.6400649998, 9);
  });
});

describe('updateElo with K=16', () => {
  it('moves equal ratings by 8 on a win', () => {
    expect(updateElo(1000, 1000, 'A')).toEqual({ a: 1008, b: 992 });
    expect(updateElo(1000, 1000, 'B')).toEqual({ a: 992, b: 1008 });
  });

  it('leaves equal ratings unchanged on a tie', () => {
    expect(updateElo(1000, 1000, 'tie')).toEqual({ a: 1000, b: 1000 });
  });

  it('moves the favourite down on a tie: 16 × (0.5 − 10/11) = −6.5454…', () => {
    const { a, b } = updateElo(1400, 1000, 'tie');
    expect(a).toBeCloseTo(1400 - 16 * (10 / 11 - 0.5), 10);
    expect(a).toBeCloseTo(1393.454545, 5);
    expect(b).toBeCloseTo(1006.545455, 5);
  });

  it('gives the underdog 16 × 10/11 = 14.545… for an upset', () => {
    const { a, b } = updateElo(1000, 1400, 'A');
    expect(a).toBeCloseTo(1014.545455, 5);
    expect(b).toBeCloseTo(1385.454545, 5);
  });

  it('second vote after 1008/992: the 992 side wins 16 × (1 − E) with E = 1/(1+10^(16/400))', () => {
    const e = 1 / (1 + 10 ** (16 / 400));
    const { a, b } = updateElo(992, 1008, 'A');
    expect(a).toBeCloseTo(992 + 16 * (1 - e), 10);
    expect(a).toBeCloseTo(1000.368, 3);
    expect(b).toBeCloseTo(999.632, 3);
  });
});

describe('applyVote', () => {
  it('counts wins, ties and losses on both sides', () => {
    const one = applyVote(freshRecord(), freshRecord(), 'A');
    const two = applyVote(one.a, one.b, 'tie');
    expect(two.a).toMatchObject({ votes: 2, wins: 1, ties: 1, losses: 0 });
    expect(two.b).toMatchObject({ votes: 2, wins: 0, ties: 1, losses: 1 });
  });
});

describe('replayElo', () => {
  it('replays a short log by hand', () => {
    const ratings = replayElo([
      { modelA: 'x', modelB: 'y', outcome: 'A' },
      { modelA: 'y', modelB: 'z', outcome: 'A' },
    ]);
    // x 1008, y 992 → y beats z (1000): E_y = 1/(1+10^(8/400)), y gains 16(1 − E_y)
    const gain = 16 * (1 - 1 / (1 + 10 ** (8 / 400)));
    expect(ratings.get('x')?.rating).toBe(1008);
    expect(ratings.get('y')?.rating).toBeCloseTo(992 + gain, 10);
    expect(ratings.get('z')?.rating).toBeCloseTo(1000 - gain, 10);
  });

  it('conserves the sum of ratings over a long random log (property)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const models = ['a', 'b', 'c', 'd', 'e'];
    const outcomes = ['A', 'B', 'tie'] as const;
    const log = Array.from({ length: 2000 }, () => {
      const i = Math.floor(random() * 5);
      const j = (i + 1 + Math.floor(random() * 4)) % 5;
      return { modelA: models[i]!, modelB: models[j]!, outcome: outcomes[Math.floor(random() * 3)]! };
    });
    const ratings = replayElo(log);
    const sum = [...ratings.values()].reduce((s, r) => s + r.rating, 0);
    expect(sum).toBeCloseTo(1000 * ratings.size, 6);
    const votes = [...ratings.values()].reduce((s, r) => s + r.votes, 0);
    expect(votes).toBe(4000);
  });

  it('accepts another K and initial rating for analysis', () => {
    const ratings = replayElo([{ modelA: 'x', modelB: 'y', outcome: 'A' }], { k: 32, initial: 1500 });
    expect(ratings.get('x')?.rating).toBe(1516);
    expect(ratings.get('y')?.rating).toBe(1484);
  });
});
