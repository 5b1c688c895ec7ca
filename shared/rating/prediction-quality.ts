import { ELO_INITIAL_RATING, ELO_K, expectedScore, replayElo, scoreOfA, updateElo, type LoggedVote } from './elo.js';

/**
 * How well ratings predict votes. Each vote is a forecast p = E_A (Elo's expected score of A) against an outcome
 * y = 1 / ½ / 0 for A / tie / B, scored by
 *   log-loss  −[y ln p + (1 − y) ln(1 − p)]  (cross-entropy; a tie is best predicted by p = ½, scoring ln 2)
 *   Brier     (p − y)²                        (Brier 1950)
 * and averaged over votes. Lower is better; always predicting ½ scores ln 2 ≈ 0.693 and 0.25 on decisive votes.
 */
export interface PredictionScores {
  /** null for an empty log, as for `brier`. */
  logLoss: number | null;
  brier: number | null;
  votes: number;
}

/**
 * p is kept within [1e-15, 1 − 1e-15] (as scikit-learn's log_loss does) so one confident miss costs ≈ 34.5 nats
 * instead of an infinite mean; Elo only gets that sure beyond about 6000 points of difference.
 */
const P_MIN = 1e-15;

function logLossOf(p: number, y: number): number {
  const q = Math.min(Math.max(p, P_MIN), 1 - P_MIN);
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
}

/** Averages log-loss and Brier score over (forecast, outcome) pairs. */
export function scoreForecasts(forecasts: Iterable<{ p: number; y: number }>): PredictionScores {
  let logLoss = 0;
  let brier = 0;
  let votes = 0;
  for (const { p, y } of forecasts) {
    logLoss += logLossOf(p, y);
    brier += (p - y) ** 2;
    votes++;
  }
  return votes === 0 ? { logLoss: null, brier: null, votes } : { logLoss: logLoss / votes, brier: brier / votes, votes };
}

/**
 * Prequential ("predictive sequential", Dawid 1984) scores of online Elo: each vote is forecast from the ratings
 * just before it, replayed in commit order as elo.ts does (new models start at `initial`), so no vote is scored by
 * ratings that have already seen it. An honest out-of-sample measure for a log ordered in time.
 */
export function onlinePredictionScores(
  votes: Iterable<LoggedVote>,
  options: { k?: number; initial?: number } = {},
): PredictionScores {
  const k = options.k ?? ELO_K;
  const initial = options.initial ?? ELO_INITIAL_RATING;
  const ratings = new Map<string, number>();
  const forecasts: { p: number; y: number }[] = [];
  for (const vote of votes) {
    const a = ratings.get(vote.modelA) ?? initial;
    const b = ratings.get(vote.modelB) ?? initial;
    forecasts.push({ p: expectedScore(a, b), y: scoreOfA(vote.outcome) });
    const next = updateElo(a, b, vote.outcome, k);
    ratings.set(vote.modelA, next.a);
    ratings.set(vote.modelB, next.b);
  }
  return scoreForecasts(forecasts);
}

/**
 * In-sample scores of fixed ratings (final Elo, Bradley–Terry …): every vote forecast from the same ratings, which
 * were fitted on these very votes, so this flatters the ratings; compare it with the online scores. Throws a
 * RangeError for a model without a rating.
 */
export function fixedRatingPredictionScores(
  votes: Iterable<LoggedVote>,
  ratings: ReadonlyMap<string, number>,
): PredictionScores {
  const ratingOf = (model: string) => {
    const rating = ratings.get(model);
    if (rating === undefined) throw new RangeError(`no rating for model "${model}"`);
    return rating;
  };
  const forecasts = [...votes].map((vote) => ({
    p: expectedScore(ratingOf(vote.modelA), ratingOf(vote.modelB)),
    y: scoreOfA(vote.outcome),
  }));
  return scoreForecasts(forecasts);
}

/** Online (prequential) and final-rating (in-sample) scores of the arena's Elo on one log. */
export function eloPredictionQuality(
  votes: Iterable<LoggedVote>,
  options: { k?: number; initial?: number } = {},
): { online: PredictionScores; final: PredictionScores } {
  const log = [...votes];
  const final = new Map([...replayElo(log, options)].map(([model, record]) => [model, record.rating]));
  return { online: onlinePredictionScores(log, options), final: fixedRatingPredictionScores(log, final) };
}
