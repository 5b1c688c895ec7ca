import type { Coverage } from '../schemas/progress.js';

/** `cells` cells of a group that have `votes` votes each: the grouped rows the repository returns, never one per cell. */
export interface CellTally {
  votes: number;
  cells: number;
}

/**
 * Coverage of a group of cells against `target` votes per cell: votes = Σ votes, cellsAtTarget = #{cells with
 * votes ≥ target}, votesToTarget = Σ max(0, target − votes).
 */
export function coverageOf(tallies: readonly CellTally[], target: number): Coverage {
  const coverage: Coverage = { votes: 0, cells: 0, cellsAtTarget: 0, votesToTarget: 0 };
  for (const { votes, cells } of tallies) {
    coverage.votes += votes * cells;
    coverage.cells += cells;
    if (votes >= target) coverage.cellsAtTarget += cells;
    else coverage.votesToTarget += (target - votes) * cells;
  }
  return coverage;
}

/** `coverageOf` for each group the key names, in the order groups first appear. */
export function coverageByGroup<T extends CellTally>(tallies: readonly T[], groupOf: (tally: T) => string, target: number): Map<string, Coverage> {
  const groups = new Map<string, T[]>();
  for (const tally of tallies) {
    const key = groupOf(tally);
    const group = groups.get(key);
    if (group) group.push(tally);
    else groups.set(key, [tally]);
  }
  return new Map([...groups].map(([key, group]) => [key, coverageOf(group, target)]));
}
