import type { Coverage, ProgressSnapshot } from '../../../shared/schemas/progress.js';

export type PairCoverage = ProgressSnapshot['pairs'][number];

/** Share of a group's cells at the target, in [0, 1]; `null` for a group without cells. */
export function coverageShare(coverage: Coverage): number | null {
  return coverage.cells === 0 ? null : coverage.cellsAtTarget / coverage.cells;
}

/**
 * The coverage matrix, `matrix[row][col]` in the order of `models`: the server lists each unordered pair once, and the
 * matrix shows it on both sides of the diagonal. The diagonal, and any pair the server did not list, is `null`.
 */
export function coverageMatrix(models: readonly string[], pairs: readonly PairCoverage[]): (PairCoverage | null)[][] {
  const byPair = new Map<string, PairCoverage>();
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  for (const pair of pairs) {
    byPair.set(key(pair.modelA, pair.modelB), pair);
    byPair.set(key(pair.modelB, pair.modelA), pair);
  }
  return models.map((row) => models.map((col) => (row === col ? null : (byPair.get(key(row, col)) ?? null))));
}

export type PaceOutlook =
  | { kind: 'reached' }
  | { kind: 'eta'; at: string }
  /** Nothing voted in the pace window, so there is no pace to extrapolate. */
  | { kind: 'idle'; windowMinutes: number }
  | { kind: 'unknown' };

/** What to say about the finish: reached, an estimated time, or why there is none. */
export function paceOutlook(pace: ProgressSnapshot['pace']): PaceOutlook {
  if (pace.reached) return { kind: 'reached' };
  if (pace.etaAt !== null) return { kind: 'eta', at: pace.etaAt };
  if (pace.votesInWindow === 0) return { kind: 'idle', windowMinutes: pace.windowMinutes };
  return { kind: 'unknown' };
}
