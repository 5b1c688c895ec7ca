import { orientVote, type AgreementVote } from './orient.js';
import { quantile } from '../stats/quantile.js';
import { mulberry32 } from '../stats/random.js';

export interface BootstrapOptions {
  /** Resamples; 1000 by default. */
  rounds?: number;
  /** Seed of the generator; the same seed and votes give the same interval. */
  seed?: number;
  /** Coverage of the interval; 0.95 by default. */
  level?: number;
}

export interface BootstrapInterval {
  /** The statistic on the votes as given. */
  value: number | null;
  /** Percentile bounds; null when no resample gave a value. */
  lower: number | null;
  upper: number | null;
  level: number;
  rounds: number;
  /** Resamples in which the statistic was defined (the rest are left out of the percentiles). */
  defined: number;
  /** Items resampled: those with votes from at least two raters. */
  items: number;
}


/**
 * Percentile bootstrap interval of an agreement statistic, resampling items (Efron & Tibshirani 1993, ch. 13): votes
 * on one item are not independent, so whole items are drawn with replacement. Only items with votes from at least two
 * raters are drawn; the others add nothing to any measure here. Each draw gets its own item name, so an item drawn
 * twice is two items, not one with doubled votes (which would pair the copies with each other).
 * Interval: the (1 − level)/2 and (1 + level)/2 quantiles of the resampled statistics.
 */
export function bootstrapInterval(
  votes: readonly AgreementVote[],
  statistic: (votes: readonly AgreementVote[]) => { value: number | null },
  options: BootstrapOptions = {},
): BootstrapInterval {
  const rounds = options.rounds ?? 1000;
  const level = options.level ?? 0.95;
  const random = mulberry32(options.seed ?? 1);
  const byItem = new Map<string, { votes: AgreementVote[]; raters: Set<string> }>();
  for (const vote of votes) {
    const { key } = orientVote(vote);
    const item = byItem.get(key) ?? { votes: [], raters: new Set<string>() };
    byItem.set(key, item);
    item.votes.push(vote);
    item.raters.add(vote.rater);
  }
  const groups = [...byItem.values()].filter((item) => item.raters.size >= 2).map((item) => item.votes);

  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const resample: AgreementVote[] = [];
    for (let draw = 0; draw < groups.length; draw++) {
      const group = groups[Math.floor(random() * groups.length)]!;
      for (const vote of group) resample.push({ ...vote, item: String(draw) });
    }
    const { value } = statistic(resample);
    if (value !== null) samples.push(value);
  }
  samples.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return {
    value: statistic(votes).value,
    lower: samples.length === 0 ? null : quantile(samples, tail),
    upper: samples.length === 0 ? null : quantile(samples, 1 - tail),
    level,
    rounds,
    defined: samples.length,
    items: groups.length,
  };
}
