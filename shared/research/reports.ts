import { bootstrapInterval } from '../agreement/bootstrap.js';
import { krippendorffAlphaOrdinal } from '../agreement/krippendorff.js';
import type { AgreementVote } from '../agreement/orient.js';
import {
  perRaterAgreement,
  RANDOM_TIE_DISCOUNTED_AGREEMENT,
  s1Agreement,
  s2Agreement,
  tieDiscountedAgreement,
} from '../agreement/pairwise.js';
import { bootstrapRatings, rankWithTies } from '../rating/bootstrap.js';
import { fitBradleyTerry } from '../rating/bradley-terry.js';
import { replayElo, type LoggedVote } from '../rating/elo.js';
import { eloPredictionQuality } from '../rating/prediction-quality.js';
import { winRateHeatmap, type TiesMode } from '../rating/win-rates.js';
import type { AgreementSummary, ConsistencyReport, HeatmapReport, RaterReport, RatingsReport } from '../schemas/research.js';
import { raterDiagnostics } from './rater-diagnostics.js';

/** A vote as every analysis reads it, whether from the arena's log or from an external file. */
export interface AnalysisVote {
  rater: string | null;
  /** What was judged apart from the model pair (question, and turn where there are several); null if unknown. */
  question: string | null;
  modelA: string;
  modelB: string;
  outcome: 'A' | 'B' | 'tie';
  category: string | null;
  isOverlap: boolean;
  elapsedMs: number | null;
}

export interface RatingsOptions {
  k: number;
  initial: number;
  rounds: number;
  seed: number;
  anchor?: string | undefined;
}

const asLogged = (votes: readonly AnalysisVote[]): LoggedVote[] =>
  votes.map(({ modelA, modelB, outcome }) => ({ modelA, modelB, outcome }));

/** Online Elo replayed with the given K and start, Bradley–Terry with bootstrap intervals and ranks, and how well Elo predicted the votes. */
export function ratingsReport(votes: readonly AnalysisVote[], category: string | null, options: RatingsOptions): RatingsReport {
  const logged = asLogged(votes);
  const elo = [...replayElo(logged, { k: options.k, initial: options.initial })]
    .map(([model, record]) => ({ model, ...record }))
    .sort((a, b) => b.rating - a.rating || a.model.localeCompare(b.model));
  const anchor = options.anchor !== undefined && elo.some((m) => m.model === options.anchor) ? options.anchor : undefined;
  const points = fitBradleyTerry(logged, anchor === undefined ? {} : { anchor });
  const intervals = new Map(
    bootstrapRatings(logged, { rounds: options.rounds, seed: options.seed, ...(anchor === undefined ? {} : { anchor }) }).map((i) => [
      i.model,
      i,
    ]),
  );
  const ranked = rankWithTies(
    points.map((p) => ({
      model: p.model,
      rating: p.rating,
      votes: p.votes,
      lower: options.rounds > 0 ? (intervals.get(p.model)?.lower ?? null) : null,
      upper: options.rounds > 0 ? (intervals.get(p.model)?.upper ?? null) : null,
    })),
  );
  const quality = eloPredictionQuality(logged, { k: options.k, initial: options.initial });
  return {
    category,
    votes: votes.length,
    elo: { k: options.k, initial: options.initial, models: elo },
    bradleyTerry: { rounds: options.rounds, seed: options.seed, anchor: anchor ?? null, models: ranked },
    prediction: {
      online: { logLoss: quality.online.logLoss, brier: quality.online.brier },
      final: { logLoss: quality.final.logLoss, brier: quality.final.brier },
    },
  };
}

/** Observed against Elo-predicted win rates, models ordered by their online Elo rating. */
export function heatmapReport(
  votes: readonly AnalysisVote[],
  category: string | null,
  options: { ties: TiesMode; k: number; initial: number },
): HeatmapReport {
  const logged = asLogged(votes);
  const ratings = new Map([...replayElo(logged, { k: options.k, initial: options.initial })].map(([model, r]) => [model, r.rating]));
  return { category, ...winRateHeatmap(logged, ratings, { ties: options.ties }) };
}

const agreementVotes = (votes: readonly AnalysisVote[]): AgreementVote[] =>
  votes.flatMap((v) => (v.rater === null || v.question === null ? [] : [{ rater: v.rater, item: v.question, modelA: v.modelA, modelB: v.modelB, outcome: v.outcome }]));

function agreementSummary(votes: readonly AgreementVote[], options: { rounds: number; seed: number }): AgreementSummary {
  const point = tieDiscountedAgreement(votes);
  if (options.rounds === 0 || point.pairs === 0) return { ...point, lower: null, upper: null };
  const interval = bootstrapInterval(votes, tieDiscountedAgreement, { rounds: options.rounds, seed: options.seed });
  return { ...point, lower: interval.lower, upper: interval.upper };
}

/**
 * Rater consistency on items several raters judged: tie-discounted agreement (arXiv 2308.14149) overall, on overlap
 * items, per category and per rater, with bootstrap intervals over items; MT-Bench's S1 and S2; Krippendorff's ordinal α.
 */
export function consistencyReport(votes: readonly AnalysisVote[], options: { rounds: number; seed: number }): ConsistencyReport {
  const all = agreementVotes(votes);
  const categories = [...new Set(votes.map((v) => v.category).filter((c): c is string => c !== null))].sort();
  return {
    randomBaseline: RANDOM_TIE_DISCOUNTED_AGREEMENT,
    overall: agreementSummary(all, options),
    overlap: agreementSummary(agreementVotes(votes.filter((v) => v.isOverlap)), options),
    byCategory: categories.map((category) => ({
      category,
      ...agreementSummary(agreementVotes(votes.filter((v) => v.category === category)), options),
    })),
    byRater: perRaterAgreement(all).map(({ rater, value, pairs }) => ({ rater, value, pairs })),
    s1: pick(s1Agreement(all)),
    s2: pick(s2Agreement(all)),
    alpha: { value: krippendorffAlphaOrdinal(all).value, method: 'krippendorff-ordinal' },
  };
}

const pick = ({ value, pairs }: { value: number | null; pairs: number }) => ({ value, pairs });

/** Per-rater diagnostics; display names, where known, ride along. */
export function raterReport(votes: readonly AnalysisVote[], displayNames: ReadonlyMap<string, string | null> = new Map()): RaterReport {
  // A vote without a question cannot be compared with others: it gets an item of its own.
  const shown = votes.flatMap((v, i) =>
    v.rater === null
      ? []
      : [{ rater: v.rater, question: v.question ?? `\u0000vote-${i}`, modelA: v.modelA, modelB: v.modelB, outcome: v.outcome, elapsedMs: v.elapsedMs }],
  );
  return {
    raters: raterDiagnostics(shown)
      .map((d) => ({ ...d, displayName: displayNames.get(d.rater) ?? null }))
      .sort((a, b) => b.votes - a.votes || a.rater.localeCompare(b.rater)),
  };
}
