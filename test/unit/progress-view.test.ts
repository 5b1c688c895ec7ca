import { describe, expect, it } from 'vitest';
import { coverageMatrix, coverageShare, paceOutlook, type PairCoverage } from '../../client/src/lib/progress-view.js';

const pair = (modelA: string, modelB: string, cellsAtTarget: number, cells = 4): PairCoverage => ({
  modelA,
  modelB,
  votes: cellsAtTarget,
  cells,
  cellsAtTarget,
  votesToTarget: cells - cellsAtTarget,
});

describe('coverageShare', () => {
  it('is the share of cells at the target', () => {
    expect(coverageShare({ votes: 5, cells: 4, cellsAtTarget: 3, votesToTarget: 1 })).toBe(0.75);
  });

  it('is null for a group without cells rather than dividing by zero', () => {
    expect(coverageShare({ votes: 0, cells: 0, cellsAtTarget: 0, votesToTarget: 0 })).toBeNull();
  });
});

describe('coverageMatrix', () => {
  it('shows each unordered pair on both sides of the diagonal, in the order of the models', () => {
    const ab = pair('a', 'b', 1);
    const ac = pair('a', 'c', 2);
    const bc = pair('b', 'c', 3);
    expect(coverageMatrix(['a', 'b', 'c'], [bc, ab, ac])).toEqual([
      [null, ab, ac],
      [ab, null, bc],
      [ac, bc, null],
    ]);
  });

  it('leaves the diagonal and a pair the server did not list empty', () => {
    const ab = pair('a', 'b', 1);
    expect(coverageMatrix(['a', 'b', 'c'], [ab])).toEqual([
      [null, ab, null],
      [ab, null, null],
      [null, null, null],
    ]);
  });

  it('is symmetric for any list of pairs', () => {
    const models = ['m0', 'm1', 'm2', 'm3', 'm4'];
    const pairs = models.flatMap((a, i) => models.slice(i + 1).map((b, j) => pair(a, b, (i + j) % 4)));
    const matrix = coverageMatrix(models, pairs);
    for (let r = 0; r < models.length; r++) {
      expect(matrix[r]![r]).toBeNull();
      for (let c = 0; c < models.length; c++) expect(matrix[r]![c]).toBe(matrix[c]![r]);
    }
  });

  it('is empty without models', () => {
    expect(coverageMatrix([], [])).toEqual([]);
  });
});

describe('paceOutlook', () => {
  const pace = { windowMinutes: 30, votesInWindow: 6, votesPerHour: 12, etaAt: '2026-11-24T18:00:00.000Z', reached: false };

  it('gives the estimated time while the target is ahead and votes come in', () => {
    expect(paceOutlook(pace)).toEqual({ kind: 'eta', at: '2026-11-24T18:00:00.000Z' });
  });

  it('says the target is reached, whatever the pace', () => {
    expect(paceOutlook({ ...pace, reached: true, etaAt: null })).toEqual({ kind: 'reached' });
    expect(paceOutlook({ ...pace, reached: true, etaAt: null, votesInWindow: 0, votesPerHour: 0 })).toEqual({ kind: 'reached' });
  });

  it('says nothing was voted in the window when there is no pace to extrapolate', () => {
    expect(paceOutlook({ ...pace, votesInWindow: 0, votesPerHour: 0, etaAt: null })).toEqual({ kind: 'idle', windowMinutes: 30 });
  });

  it('admits it does not know when the server gives no time despite recent votes', () => {
    expect(paceOutlook({ ...pace, etaAt: null })).toEqual({ kind: 'unknown' });
  });
});
