import { describe, expect, it } from 'vitest';
import { expectedScore, type LoggedVote, type Outcome } from '../../shared/rating/elo.js';
import {
  eloPredictionQuality,
  fixedRatingPredictionScores,
  onlinePredictionScores,
  scoreForecasts,
} from '../../shared/rating/prediction-quality.js';

const vote = (modelA: string, modelB: string, outcome: Outcome): LoggedVote => ({ modelA, modelB, outcome });

describe('onlinePredictionScores', () => {
  it('scores one vote between equal ratings ln 2 and 0.25', () => {
    expect(onlinePredictionScores([vote('x', 'y', 'A')])).toEqual({ logLoss: Math.LN2, brier: 0.25, votes: 1 });
    expect(onlinePredictionScores([vote('x', 'y', 'B')])).toEqual({ logLoss: Math.LN2, brier: 0.25, votes: 1 });
  });

  it('scores a tie forecast at ½ as ln 2 (the least possible for a tie) and Brier 0', () => {
    expect(onlinePredictionScores([vote('x', 'y', 'tie')])).toEqual({ logLoss: Math.LN2, brier: 0, votes: 1 });
  });

  it('forecasts the second vote from the ratings after the first (hand-computed)', () => {
    // Vote 1: p = ½, y = 1 → ln 2 and 0.25; x goes to 1008, y to 992.
    // Vote 2 (tie): p = E = 1/(1 + 10^(−16/400)) ≈ 0.523009 → −½ ln E − ½ ln(1 − E) ≈ 0.694207 and (E − ½)² ≈ 0.000529.
    const e = 1 / (1 + 10 ** (-16 / 400));
    const scores = onlinePredictionScores([vote('x', 'y', 'A'), vote('x', 'y', 'tie')]);
    expect(scores.votes).toBe(2);
    expect(scores.logLoss!).toBeCloseTo((Math.LN2 - 0.5 * Math.log(e) - 0.5 * Math.log(1 - e)) / 2, 12);
    expect(scores.logLoss!).toBeCloseTo(0.693677, 6);
    expect(scores.brier!).toBeCloseTo((0.25 + (e - 0.5) ** 2) / 2, 12);
    expect(scores.brier!).toBeCloseTo(0.1252647, 7);
  });

  it('follows another K and initial rating', () => {
    // K = 32 from 1500: after x wins, 1516 against 1484. Vote 2 shows y as A: p = 1 − e with e = 1/(1 + 10^(−32/400)),
    // and x wins again (y = 0), so its Brier score is (1 − e)².
    const e = 1 / (1 + 10 ** (-32 / 400));
    const scores = onlinePredictionScores([vote('x', 'y', 'A'), vote('y', 'x', 'B')], { k: 32, initial: 1500 });
    expect(scores.brier!).toBeCloseTo((0.25 + (1 - e) ** 2) / 2, 12);
  });

  it('gives nulls for an empty log', () => {
    expect(onlinePredictionScores([])).toEqual({ logLoss: null, brier: null, votes: 0 });
  });
});

describe('fixedRatingPredictionScores', () => {
  it('forecasts every vote from the given ratings: 400 points ahead is 10/11', () => {
    const ratings = new Map([
      ['x', 1400],
      ['y', 1000],
    ]);
    const scores = fixedRatingPredictionScores([vote('x', 'y', 'A'), vote('y', 'x', 'A')], ratings);
    // Vote 1: p = 10/11, y = 1 → ln 1.1 and (1/11)². Vote 2: p(y) = 1/11, y = 1 → ln 11 and (10/11)².
    expect(scores.logLoss!).toBeCloseTo((Math.log(1.1) + Math.log(11)) / 2, 12);
    expect(scores.brier!).toBeCloseTo((1 / 121 + 100 / 121) / 2, 12);
  });

  it('keeps one confident miss finite', () => {
    const ratings = new Map([
      ['x', 20_000],
      ['y', 0],
    ]);
    const { logLoss } = fixedRatingPredictionScores([vote('y', 'x', 'A')], ratings);
    expect(logLoss!).toBeCloseTo(-Math.log(1e-15), 6);
  });

  it('refuses a model without a rating', () => {
    expect(() => fixedRatingPredictionScores([vote('x', 'z', 'A')], new Map([['x', 1000]]))).toThrow(RangeError);
  });
});

describe('eloPredictionQuality', () => {
  it('scores the final Elo ratings in-sample and the replay online', () => {
    const log = [vote('x', 'y', 'A'), vote('x', 'y', 'tie')];
    // Final: x = 1008 + 16(½ − E), y = 992 − 16(½ − E), with E the second forecast above.
    const e = 1 / (1 + 10 ** (-16 / 400));
    const x = 1008 + 16 * (0.5 - e);
    const p = expectedScore(x, 2000 - x);
    const { online, final } = eloPredictionQuality(log);
    expect(online).toEqual(onlinePredictionScores(log));
    expect(final.brier!).toBeCloseTo(((1 - p) ** 2 + (p - 0.5) ** 2) / 2, 12);
  });
});

describe('scoreForecasts', () => {
  it('rewards better forecasts with lower scores (property)', () => {
    const outcomes = [1, 1, 0, 1, 0.5];
    const sharp = scoreForecasts(outcomes.map((y) => ({ p: 0.5 + (y - 0.5) * 0.8, y })));
    const flat = scoreForecasts(outcomes.map((y) => ({ p: 0.5, y })));
    expect(sharp.logLoss!).toBeLessThan(flat.logLoss!);
    expect(sharp.brier!).toBeLessThan(flat.brier!);
  });
});
