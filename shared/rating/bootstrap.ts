import { quantile } from '../stats/quantile.js';
import { mulberry32 } from '../stats/random.js';
import { BRADLEY_TERRY_CENTRE, fitBradleyTerryCounts } from './bradley-terry.js';
import type { LoggedVote } from './elo.js';
import { countIndexedVotes, indexVotes } from './pair-counts.js';


/** Any rating fit: ratings of the models in a log, centred however the fit likes. */
export type RatingFit = (votes: LoggedVote[]) => { model: string; rating: number }[];

export interface BootstrapOptions {
  rounds?: number;
  seed: number;
  /** Default: Bradley–Terry as fitBradleyTerry with its defaults (mean rating 1000). */
  fit?: RatingFit;
  /**
   * Shift every resample's ratings so this model is at 1000; resamples that happen to hold no vote of it are left
   * out for every model. Its own interval is then [1000, 1000]: the others are uncertain relative to it.
   */
  anchor?: string;
}

export interface BootstrapInterval {
  model: string;
  /** 2.5% percentile: with `upper`, the 95% percentile interval. null if no resample rated the model. */
  lower: number | null;
  median: number | null;
  /** 97.5% percentile. */
  upper: number | null;
  /** Resamples in which the model was rated: fewer than `rounds` if some resample held no vote of it. */
  rounds: number;
}

/**
 * Percentile bootstrap (Efron 1979), as Chatbot Arena computes its intervals (FastChat elo_analysis.py): `rounds`
 * times, draw as many votes as the log holds uniformly with replacement, refit, and take per model the 2.5%, 50% and
 * 97.5% quantiles of its ratings. Quantiles interpolate linearly between order statistics (type 7, numpy's and
 * pandas' default). Deterministic for a given seed; models sorted by median, best first, unrated ones last.
 */
export function bootstrapRatings(votes: readonly LoggedVote[], options: BootstrapOptions): BootstrapInterval[] {
  const rounds = options.rounds ?? 1000;
  if (!(Number.isInteger(rounds) && rounds >= 0)) throw new RangeError(`rounds must be an integer ≥ 0, got ${rounds}`);
  const random = mulberry32(options.seed);
  const samples = new Map<string, number[]>();
  for (const vote of votes) {
    samples.set(vote.modelA, []);
    samples.set(vote.modelB, []);
  }
  const n = votes.length;
  const refit = refitter(votes, options.fit);
  const picks = new Int32Array(n);
  for (let round = 0; round < rounds && n > 0; round++) {
    for (let k = 0; k < n; k++) picks[k] = Math.floor(random() * n);
    const ratings = refit(picks);
    let offset = 0;
    if (options.anchor !== undefined) {
      const anchor = ratings.find((r) => r.model === options.anchor);
      if (anchor === undefined) continue;
      offset = BRADLEY_TERRY_CENTRE - anchor.rating;
    }
    for (const { model, rating } of ratings) samples.get(model)?.push(rating + offset);
  }
  return [...samples]
    .map(([model, ratings]): BootstrapInterval => {
      const sorted = ratings.sort((a, b) => a - b);
      return {
        model,
        lower: quantile(sorted, 0.025),
        median: quantile(sorted, 0.5),
        upper: quantile(sorted, 0.975),
        rounds: sorted.length,
      };
    })
    .sort((a, b) => (b.median ?? -Infinity) - (a.median ?? -Infinity) || (a.model < b.model ? -1 : 1));
}

/**
 * Fits the resample given by vote indices. Without a fit of its own, the resample is counted straight from the
 * indices instead of being built as a log and counted again: the same draws and ratings (up to rounding), faster.
 */
function refitter(votes: readonly LoggedVote[], fit: RatingFit | undefined): (picks: Int32Array) => { model: string; rating: number }[] {
  if (fit !== undefined) return (picks) => fit(Array.from(picks, (k) => votes[k]!));
  const indexed = indexVotes(votes);
  return (picks) => fitBradleyTerryCounts(countIndexedVotes(indexed, picks));
}


/**
 * Ranks that do not pretend to more precision than the intervals have (Chatbot Arena's "rank (UB)"):
 *   rank = 1 + number of models whose lower bound is greater than this model's upper bound,
 * i.e. how many models are clearly better. Models with overlapping intervals can share a rank, and ranks may skip.
 * A missing bound (null) counts as unbounded on that side. Returns the input, in its order, with `rank` added.
 */
export function rankWithTies<T extends { lower: number | null; upper: number | null }>(
  intervals: readonly T[],
): (T & { rank: number })[] {
  return intervals.map((interval) => {
    const upper = interval.upper ?? Infinity;
    const clearlyBetter = intervals.filter((other) => (other.lower ?? -Infinity) > upper).length;
    return { ...interval, rank: 1 + clearlyBetter };
  });
}
