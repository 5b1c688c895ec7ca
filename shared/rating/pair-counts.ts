import type { LoggedVote } from './elo.js';

/**
 * A vote log reduced to counts per pair of models: all the Bradley–Terry fit and the win-rate heatmap need. Counts do
 * not depend on the order of the votes, so neither does anything computed from them.
 */
export interface PairCounts {
  /** Every model of the log, sorted by code unit. */
  models: string[];
  index: Map<string, number>;
  /** Votes each model took part in (same order as `models`). */
  votes: number[];
  /** `wins[i * m + j]`: votes model i won against model j, whichever side each was shown on. */
  wins: Float64Array;
  /** `ties[i * m + j] = ties[j * m + i]`: tied votes between models i and j. */
  ties: Float64Array;
}

/** A vote log with models replaced by indices, so it can be counted again and again (the bootstrap) cheaply. */
export interface IndexedVotes {
  /** Every model in the log, sorted by code unit so results do not depend on the locale. */
  models: string[];
  index: Map<string, number>;
  modelA: Int32Array;
  modelB: Int32Array;
  /** 0: A won, 1: B won, 2: tie. */
  outcome: Uint8Array;
}

const OUTCOME_CODE = { A: 0, B: 1, tie: 2 } as const;

export function indexVotes(votes: Iterable<LoggedVote>): IndexedVotes {
  const list = Array.isArray(votes) ? (votes as readonly LoggedVote[]) : [...votes];
  const seen = new Set<string>();
  for (const vote of list) seen.add(vote.modelA).add(vote.modelB);
  const models = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(models.map((model, i) => [model, i]));
  const indexed: IndexedVotes = {
    models,
    index,
    modelA: new Int32Array(list.length),
    modelB: new Int32Array(list.length),
    outcome: new Uint8Array(list.length),
  };
  list.forEach((vote, k) => {
    indexed.modelA[k] = index.get(vote.modelA)!;
    indexed.modelB[k] = index.get(vote.modelB)!;
    indexed.outcome[k] = OUTCOME_CODE[vote.outcome];
  });
  return indexed;
}

/**
 * Counts indexed votes per ordered pair: all of them, or those at `picks` (repeats count again, as in a bootstrap
 * resample). Every model of `indexed` is listed; those not picked have 0 votes. A vote of a model against itself
 * says nothing and counts once in `votes` only.
 */
export function countIndexedVotes(indexed: IndexedVotes, picks?: ArrayLike<number>): PairCounts {
  const m = indexed.models.length;
  const counts: PairCounts = {
    models: indexed.models,
    index: indexed.index,
    votes: new Array<number>(m).fill(0),
    wins: new Float64Array(m * m),
    ties: new Float64Array(m * m),
  };
  const total = picks === undefined ? indexed.outcome.length : picks.length;
  for (let k = 0; k < total; k++) {
    const v = picks === undefined ? k : picks[k]!;
    const a = indexed.modelA[v]!;
    const b = indexed.modelB[v]!;
    counts.votes[a]! += 1;
    if (a === b) continue;
    counts.votes[b]! += 1;
    const outcome = indexed.outcome[v]!;
    if (outcome === 0) counts.wins[a * m + b]! += 1;
    else if (outcome === 1) counts.wins[b * m + a]! += 1;
    else {
      counts.ties[a * m + b]! += 1;
      counts.ties[b * m + a]! += 1;
    }
  }
  return counts;
}

/** Counts a vote log per ordered pair. */
export function countPairs(votes: Iterable<LoggedVote>): PairCounts {
  return countIndexedVotes(indexVotes(votes));
}

/** Votes between models i and j in either orientation. */
export function battlesBetween(counts: PairCounts, i: number, j: number): number {
  const m = counts.models.length;
  return counts.wins[i * m + j]! + counts.wins[j * m + i]! + counts.ties[i * m + j]!;
}

/**
 * Connected components of the comparison graph (an edge wherever two models have met), as lists of model indices,
 * each sorted, ordered by their smallest index. Ratings in different components are not comparable: no vote says how
 * one group relates to another.
 */
export function comparisonComponents(counts: PairCounts): number[][] {
  const m = counts.models.length;
  const parent = Array.from({ length: m }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (battlesBetween(counts, i, j) === 0) continue;
      const [ri, rj] = [root(i), root(j)];
      // The smaller index becomes the root, so each root is the smallest index of its component.
      parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < m; i++) {
    const r = root(i);
    const group = groups.get(r);
    if (group === undefined) groups.set(r, [i]);
    else group.push(i);
  }
  return [...groups.values()];
}
