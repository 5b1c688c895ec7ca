import { noOutcomes, unpack, withOneMore, type OutcomeCounts, type PackedCounts } from '../agreement/outcome-counts.js';
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
  /**
   * Fewest votes scored against the others' consensus before `against_consensus` is raised: agreement below what a
   * rater voting at random would get on the same items (½ where the consensus picked a side, ⅔ where it is a tie).
   */
  minConsensusItems: number;
  /** Fewest votes before a rate-based flag is raised at all. */
  minVotes: number;
}

export const DEFAULT_THRESHOLDS: DiagnosticThresholds = {
  tooFastMedianMs: 3000,
  positionBiasP: 0.001,
  minDecided: 20,
  alwaysTieRate: 0.8,
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

const OUTCOMES: readonly Oriented[] = ['A', 'B', 'tie'];

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
 * on the same items. Flags name what looks careless or adversarial and why. Raters in the order of their first vote.
 */
export function raterDiagnostics(votes: readonly ShownVote[], thresholds: DiagnosticThresholds = DEFAULT_THRESHOLDS): RaterDiagnostics[] {
  const tally = new RaterDiagnosticsTally(thresholds);
  for (const vote of votes) tally.add(vote);
  return [...tally.raters()].map((rater) => tally.diagnosticsOf(rater)!);
}

/** One rater's counts so far; `diagnostics` is their last computed diagnostics, null when something has changed since. */
interface RaterState {
  votes: number;
  ties: number;
  leftWins: number;
  elapsedMs: number[];
  agreementSum: number;
  consensusItems: number;
  /** Of consensusItems, those where the consensus was a tie. */
  consensusTieItems: number;
  diagnostics: RaterDiagnostics | null;
}

interface ItemState {
  counts: OutcomeCounts;
  ofRater: Map<string, PackedCounts>;
  /** The raters' own counts on the item, grouped: raters with the same counts see the same consensus. */
  kinds: Map<string, { own: OutcomeCounts; raters: number }>;
}

const kindOf = (own: OutcomeCounts) => `${own.A}/${own.B}/${own.tie}`;

/**
 * A rater's share of consensus agreement on one item: the others' consensus is fixed by the item's counts less the
 * rater's own, so each of the rater's votes there scores against it; nothing when the others have none.
 */
function consensusShare(all: OutcomeCounts, own: OutcomeCounts): ConsensusShare {
  const consensus = consensusOf(all, own);
  if (consensus === null) return { sum: 0, items: 0, tieItems: 0 };
  let sum = 0;
  for (const outcome of OUTCOMES) sum += own[outcome] * tieDiscountedScore(outcome, consensus);
  const items = own.A + own.B + own.tie;
  return { sum, items, tieItems: consensus === 'tie' ? items : 0 };
}

/** Agreement summed over a rater's votes scored against a consensus, how many, and how many of those against a tie. */
interface ConsensusShare {
  sum: number;
  items: number;
  tieItems: number;
}

/**
 * What a rater choosing A, B or tie uniformly at random scores on average against the consensus on the same items:
 * ½ against a side (1, ½, 0), ⅔ against a tie (½, ½, 1). Not 5/9, which is two random raters against each other.
 */
const randomAgreement = (items: number, tieItems: number) => ((items - tieItems) / 2 + (2 * tieItems) / 3) / items;

/**
 * `raterDiagnostics` kept up to date as votes arrive: after adding votes, `diagnosticsOf` each rater equals what
 * `raterDiagnostics` gives for all of them. A new vote changes its rater's counts and the consensus on its item, so
 * only the raters on items whose consensus moved are touched, when the tally settles; a rater's diagnostics are
 * computed again only after something of theirs changed. Sums stay exact (multiples of ½), so the order of arrival
 * does not show in the results.
 */
export class RaterDiagnosticsTally {
  readonly #raters = new Map<string, RaterState>();
  readonly #items = new Map<string, ItemState>();
  /** Items with votes since the last settle: their counts then, and the raters whose own counts changed since. */
  readonly #unsettled = new Map<ItemState, { before: OutcomeCounts; moved: Set<string> }>();

  constructor(private readonly thresholds: DiagnosticThresholds = DEFAULT_THRESHOLDS) {}

  add(vote: ShownVote): void {
    const { item: key, outcome } = orient(vote);
    let rater = this.#raters.get(vote.rater);
    if (!rater) {
      rater = { votes: 0, ties: 0, leftWins: 0, elapsedMs: [], agreementSum: 0, consensusItems: 0, consensusTieItems: 0, diagnostics: null };
      this.#raters.set(vote.rater, rater);
    }
    rater.votes++;
    if (vote.outcome === 'tie') rater.ties++;
    if (vote.outcome === 'A') rater.leftWins++;
    if (vote.elapsedMs !== null) rater.elapsedMs.push(vote.elapsedMs);
    rater.diagnostics = null;

    let item = this.#items.get(key);
    if (!item) this.#items.set(key, (item = { counts: noOutcomes(), ofRater: new Map(), kinds: new Map() }));
    let unsettled = this.#unsettled.get(item);
    if (!unsettled) this.#unsettled.set(item, (unsettled = { before: { ...item.counts }, moved: new Set() }));
    const packed = item.ofRater.get(vote.rater) ?? 0;
    const own = unpack(packed);
    if (!unsettled.moved.has(vote.rater)) {
      // What the rater's share was when the item last settled; settling adds it back from the new counts.
      unsettled.moved.add(vote.rater);
      const share = consensusShare(unsettled.before, own);
      rater.agreementSum -= share.sum;
      rater.consensusItems -= share.items;
      rater.consensusTieItems -= share.tieItems;
    }
    this.#countKind(item, own, -1);
    const updated = withOneMore(packed, outcome);
    item.ofRater.set(vote.rater, updated);
    this.#countKind(item, unpack(updated), +1);
    item.counts[outcome]++;
  }

  /** Brings every rater's consensus agreement up to the votes added; reading diagnostics does it when needed. */
  settle(): void {
    for (const [item, { before, moved }] of this.#unsettled) {
      for (const rater of moved) this.#addShare(rater, consensusShare(item.counts, unpack(item.ofRater.get(rater)!)), 1);
      const changedKinds = new Set<string>();
      for (const [kind, { own }] of item.kinds) {
        const [then, now] = [consensusShare(before, own), consensusShare(item.counts, own)];
        if (then.sum !== now.sum || then.items !== now.items || then.tieItems !== now.tieItems) changedKinds.add(kind);
      }
      if (changedKinds.size === 0) continue;
      // The consensus moved for some raters who did not vote on the item since: a pass over the item's raters.
      for (const [rater, packed] of item.ofRater) {
        if (moved.has(rater)) continue;
        const own = unpack(packed);
        if (!changedKinds.has(kindOf(own))) continue;
        this.#addShare(rater, consensusShare(before, own), -1);
        this.#addShare(rater, consensusShare(item.counts, own), 1);
      }
    }
    this.#unsettled.clear();
  }

  /** Every rater with a vote, in the order of their first. */
  raters(): IterableIterator<string> {
    return this.#raters.keys();
  }

  /** Raters whose diagnostics will be computed on the next read: for a caller that spreads that work out. */
  staleRaters(): string[] {
    this.settle();
    return [...this.#raters].filter(([, state]) => state.diagnostics === null).map(([rater]) => rater);
  }

  diagnosticsOf(rater: string): RaterDiagnostics | undefined {
    if (this.#unsettled.size > 0) this.settle();
    const state = this.#raters.get(rater);
    if (!state) return undefined;
    state.diagnostics ??= this.#diagnostics(rater, state);
    return state.diagnostics;
  }

  #countKind(item: ItemState, own: OutcomeCounts, change: 1 | -1): void {
    if (own.A + own.B + own.tie === 0) return;
    const kind = kindOf(own);
    const entry = item.kinds.get(kind);
    if (entry) {
      entry.raters += change;
      if (entry.raters === 0) item.kinds.delete(kind);
    } else item.kinds.set(kind, { own: { ...own }, raters: 1 });
  }

  #addShare(rater: string, share: ConsensusShare, sign: 1 | -1): void {
    const state = this.#raters.get(rater)!;
    state.agreementSum += sign * share.sum;
    state.consensusItems += sign * share.items;
    state.consensusTieItems += sign * share.tieItems;
    if (share.items !== 0) state.diagnostics = null;
  }

  #diagnostics(rater: string, own: RaterState): RaterDiagnostics {
    const decided = own.votes - own.ties;
    const diagnostics: RaterDiagnostics = {
      rater,
      votes: own.votes,
      tieRate: own.votes === 0 ? null : own.ties / own.votes,
      leftRate: decided === 0 ? null : own.leftWins / decided,
      positionBiasP: decided === 0 ? null : binomialTestTwoSided(own.leftWins, decided),
      medianMs: median(own.elapsedMs),
      consensusAgreement: own.consensusItems === 0 ? null : own.agreementSum / own.consensusItems,
      consensusItems: own.consensusItems,
      flags: [],
    };
    const random = own.consensusItems === 0 ? null : randomAgreement(own.consensusItems, own.consensusTieItems);
    diagnostics.flags = flagsOf(diagnostics, decided, random, this.thresholds);
    return diagnostics;
  }
}

function flagsOf(d: RaterDiagnostics, decided: number, randomConsensus: number | null, t: DiagnosticThresholds): RaterFlag[] {
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
  if (d.consensusItems >= t.minConsensusItems && d.consensusAgreement !== null && randomConsensus !== null && d.consensusAgreement < randomConsensus) {
    flags.push({
      code: 'against_consensus',
      reason: `agrees with the other raters' consensus ${percent(d.consensusAgreement)} on ${d.consensusItems} items, below the ${percent(randomConsensus)} of voting at random on them`,
    });
  }
  return flags;
}
