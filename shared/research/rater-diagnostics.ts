import { orientVote } from '../agreement/orient.js';
import { PAIR_SCORES } from '../agreement/pairwise.js';
import type { Outcome } from '../rating/elo.js';
import { binomialTestTwoSided } from './binomial-test.js';

/** One vote as a rater cast it: A is the answer shown on the left. */
export interface ShownVote {
  rater: string;
  /** The question (and turn) judged; together with the model pair it identifies the item. */
  question: string;
  modelA: string;
  modelB: string;
  outcome: 'A' | 'B' | 'tie';
  elapsedMs: number | null;
}

export interface DiagnosticThresholds {
  /** Median seconds per vote below which a rater looks careless. */
  tooFastMedianMs: number;
  /** Position bias: two-sided binomial p below this, on at least `minDecided` decided votes. */
  positionBiasP: number;
  minDecided: number;
  /** Tie rate at or above which a rater looks like they avoid judging. */
  alwaysTieRate: number;
  /** Agreement with the others' consensus below the random-voting value (5/9), on at least `minConsensusItems`. */
  againstConsensusBelow: number;
  minConsensusItems: number;
  /** Fewest votes before a rate-based flag is raised at all. */
  minVotes: number;
}

export const DEFAULT_THRESHOLDS: DiagnosticThresholds = {
  tooFastMedianMs: 3000,
  positionBiasP: 0.001,
  minDecided: 20,
  alwaysTieRate: 0.8,
  againstConsensusBelow: 5 / 9,
  minConsensusItems: 10,
  minVotes: 10,
};

export type RaterFlag =
  | { code: 'too_fast'; reason: string }
  | { code: 'position_bias'; reason: string }
  | { code: 'always_tie'; reason: string }
  | { code: 'against_consensus'; reason: string };

export interface RaterDiagnostics {
  rater: string;
  votes: number;
  tieRate: number | null;
  leftRate: number | null;
  positionBiasP: number | null;
  medianMs: number | null;
  consensusAgreement: number | null;
  consensusItems: number;
  flags: RaterFlag[];
}

type Oriented = Outcome;

/** The vote seen from the pair's canonical order, so votes shown in either order compare. */
function orient(vote: ShownVote): { item: string; outcome: Oriented } {
  const { key, outcome } = orientVote({ rater: vote.rater, item: vote.question, modelA: vote.modelA, modelB: vote.modelB, outcome: vote.outcome });
  return { item: key, outcome };
}

/** 1 same, ½ when exactly one is a tie, 0 opposite: the tie-discounted score of arXiv 2308.14149. */
const tieDiscountedScore = (a: Oriented, b: Oriented) => PAIR_SCORES.tieDiscounted(a, b) ?? 0;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type OutcomeCounts = Record<Oriented, number>;
const OUTCOMES: readonly Oriented[] = ['A', 'B', 'tie'];
const noOutcomes = (): OutcomeCounts => ({ A: 0, B: 0, tie: 0 });

/** The others' most frequent choice on an item (all votes less the rater's own), or null when none or two share the top. */
function consensusOf(all: OutcomeCounts, own: OutcomeCounts): Oriented | null {
  let top: Oriented | null = null;
  let topCount = 0;
  let shared = false;
  for (const outcome of OUTCOMES) {
    const count = all[outcome] - own[outcome];
    if (count > topCount) [top, topCount, shared] = [outcome, count, false];
    else if (count === topCount && count > 0) shared = true;
  }
  return shared ? null : top;
}

/**
 * Per rater: votes, tie rate, how often the left answer won among decided votes with an exact two-sided binomial test
 * against ½ (position bias), median time per vote, and tie-discounted agreement with the consensus of the other raters
 * on the same items. Flags name what looks careless or adversarial and why.
 */
export function raterDiagnostics(votes: readonly ShownVote[], thresholds: DiagnosticThresholds = DEFAULT_THRESHOLDS): RaterDiagnostics[] {
  // Outcome counts per item, and per item and rater, so the others' votes are a subtraction, not a pass over the item.
  const byItem = new Map<string, OutcomeCounts>();
  const byItemAndRater = new Map<string, OutcomeCounts>();
  const byRater = new Map<string, ShownVote[]>();
  const countsOf = (counts: Map<string, OutcomeCounts>, key: string) => {
    let found = counts.get(key);
    if (!found) counts.set(key, (found = noOutcomes()));
    return found;
  };
  for (const vote of votes) {
    const { item, outcome } = orient(vote);
    countsOf(byItem, item)[outcome]++;
    countsOf(byItemAndRater, JSON.stringify([item, vote.rater]))[outcome]++;
    let raterVotes = byRater.get(vote.rater);
    if (!raterVotes) byRater.set(vote.rater, (raterVotes = []));
    raterVotes.push(vote);
  }

  return [...byRater].map(([rater, own]) => {
    const ties = own.filter((v) => v.outcome === 'tie').length;
    const leftWins = own.filter((v) => v.outcome === 'A').length;
    const decided = own.length - ties;
    const medianMs = median(own.map((v) => v.elapsedMs).filter((ms): ms is number => ms !== null));
    let agreementSum = 0;
    let consensusItems = 0;
    for (const vote of own) {
      const { item, outcome } = orient(vote);
      const consensus = consensusOf(byItem.get(item)!, byItemAndRater.get(JSON.stringify([item, rater]))!);
      if (consensus === null) continue;
      agreementSum += tieDiscountedScore(outcome, consensus);
      consensusItems++;
    }
    const diagnostics: RaterDiagnostics = {
      rater,
      votes: own.length,
      tieRate: own.length === 0 ? null : ties / own.length,
      leftRate: decided === 0 ? null : leftWins / decided,
      positionBiasP: decided === 0 ? null : binomialTestTwoSided(leftWins, decided),
      medianMs,
      consensusAgreement: consensusItems === 0 ? null : agreementSum / consensusItems,
      consensusItems,
      flags: [],
    };
    diagnostics.flags = flagsOf(diagnostics, decided, thresholds);
    return diagnostics;
  });
}

function flagsOf(d: RaterDiagnostics, decided: number, t: DiagnosticThresholds): RaterFlag[] {
  const flags: RaterFlag[] = [];
  const percent = (x: number) => `${(100 * x).toFixed(0)}%`;
  if (d.votes >= t.minVotes && d.medianMs !== null && d.medianMs < t.tooFastMedianMs) {
    flags.push({ code: 'too_fast', reason: `median ${(d.medianMs / 1000).toFixed(1)} s per vote, under ${t.tooFastMedianMs / 1000} s` });
  }
  if (decided >= t.minDecided && d.positionBiasP !== null && d.positionBiasP < t.positionBiasP && d.leftRate !== null) {
    flags.push({
      code: 'position_bias',
      reason: `chose the ${d.leftRate > 0.5 ? 'left' : 'right'} answer in ${percent(Math.max(d.leftRate, 1 - d.leftRate))} of ${decided} decided votes (p = ${d.positionBiasP.toExponential(1)})`,
    });
  }
  if (d.votes >= t.minVotes && d.tieRate !== null && d.tieRate >= t.alwaysTieRate) {
    flags.push({ code: 'always_tie', reason: `said tie in ${percent(d.tieRate)} of ${d.votes} votes` });
  }
  if (d.consensusItems >= t.minConsensusItems && d.consensusAgreement !== null && d.consensusAgreement < t.againstConsensusBelow) {
    flags.push({
      code: 'against_consensus',
      reason: `agrees with the other raters' consensus ${percent(d.consensusAgreement)} on ${d.consensusItems} items, below random voting (${percent(t.againstConsensusBelow)})`,
    });
  }
  return flags;
}
