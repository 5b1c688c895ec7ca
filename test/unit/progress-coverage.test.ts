import { describe, expect, it } from 'vitest';
import { coverageByGroup, coverageOf, type CellTally } from '../../shared/progress/coverage.js';
import { seededRandom } from '../helpers/random.js';

describe('coverageOf', () => {
  it('counts votes, cells at the target and the votes still missing, by hand', () => {
    // Target 2: 3 cells with 0 votes miss 2 each, 2 cells with 1 vote miss 1 each, 4 + 1 cells are at or above it.
    const tallies = [
      { votes: 0, cells: 3 },
      { votes: 1, cells: 2 },
      { votes: 2, cells: 4 },
      { votes: 5, cells: 1 },
    ];
    expect(coverageOf(tallies, 2)).toEqual({ votes: 0 + 2 + 8 + 5, cells: 10, cellsAtTarget: 5, votesToTarget: 3 * 2 + 2 * 1 });
  });

  it('counts a cell above the target as no more than at it: extra votes never offset missing ones', () => {
    expect(coverageOf([{ votes: 9, cells: 1 }, { votes: 0, cells: 1 }], 1)).toEqual({ votes: 9, cells: 2, cellsAtTarget: 1, votesToTarget: 1 });
  });

  it('is all zeros for a group without cells', () => {
    expect(coverageOf([], 3)).toEqual({ votes: 0, cells: 0, cellsAtTarget: 0, votesToTarget: 0 });
  });

  it('agrees with counting cell by cell, and groups add up to the whole (random tallies)', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 50; round++) {
      const target = 1 + Math.floor(random() * 4);
      const cells = Array.from({ length: 1 + Math.floor(random() * 30) }, () => ({
        group: `g${Math.floor(random() * 4)}`,
        votes: Math.floor(random() * 6),
      }));
      const perCell = cells.map((c) => ({ ...c, cells: 1 }));
      const whole = coverageOf(perCell, target);
      expect(whole.votesToTarget).toBe(cells.reduce((sum, c) => sum + Math.max(0, target - c.votes), 0));
      expect(whole.cellsAtTarget).toBe(cells.filter((c) => c.votes >= target).length);
      expect(whole.votesToTarget === 0).toBe(whole.cellsAtTarget === whole.cells);

      const groups = [...coverageByGroup(perCell, (c) => c.group, target).values()];
      const summed = groups.reduce((sum, g) => ({
        votes: sum.votes + g.votes,
        cells: sum.cells + g.cells,
        cellsAtTarget: sum.cellsAtTarget + g.cellsAtTarget,
        votesToTarget: sum.votesToTarget + g.votesToTarget,
      }));
      expect(summed).toEqual(whole);
    }
  });
});

describe('coverageByGroup', () => {
  it('keeps the groups in the order they first appear', () => {
    const tallies: (CellTally & { category: string })[] = [
      { category: 'writing', votes: 1, cells: 2 },
      { category: 'math', votes: 0, cells: 1 },
      { category: 'writing', votes: 0, cells: 1 },
    ];
    const groups = coverageByGroup(tallies, (t) => t.category, 1);
    expect([...groups.keys()]).toEqual(['writing', 'math']);
    expect(groups.get('writing')).toEqual({ votes: 2, cells: 3, cellsAtTarget: 2, votesToTarget: 1 });
    expect(groups.get('math')).toEqual({ votes: 0, cells: 1, cellsAtTarget: 0, votesToTarget: 1 });
  });
});
