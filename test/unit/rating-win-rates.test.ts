import { describe, expect, it } from 'vitest';
import type { LoggedVote, Outcome } from '../../shared/rating/elo.js';
import { heatmapMatrix, toCsv, winRateHeatmap, type WinRateHeatmap } from '../../shared/rating/win-rates.js';

const vote = (modelA: string, modelB: string, outcome: Outcome): LoggedVote => ({ modelA, modelB, outcome });
const cell = (heatmap: WinRateHeatmap, row: string, col: string) => heatmap.cells.find((c) => c.row === row && c.col === col)!;

/** x beats y twice (once shown as B), y beats x once, one tie. */
const twoModels = [vote('x', 'y', 'A'), vote('y', 'x', 'B'), vote('y', 'x', 'A'), vote('x', 'y', 'tie')];
const twoRatings = new Map([
  ['y', 1000],
  ['x', 1100],
]);

describe('winRateHeatmap', () => {
  it('counts ties as half by default (hand-computed, two models)', () => {
    const heatmap = winRateHeatmap(twoModels, twoRatings);
    const predicted = 1 / (1 + 10 ** -0.25); // ≈ 0.640065
    expect(heatmap.ties).toBe('half');
    expect(heatmap.models).toEqual([
      { model: 'x', rating: 1100 },
      { model: 'y', rating: 1000 },
    ]);
    // (2 + ½) / 4 = 0.625 for x; 0.375 for y.
    const [xy, yx] = heatmap.cells;
    expect(heatmap.cells).toHaveLength(2);
    expect(xy).toMatchObject({ row: 'x', col: 'y', battles: 4, ties: 1, observed: 0.625 });
    expect(xy!.predicted).toBeCloseTo(predicted, 12);
    expect(xy!.residual!).toBeCloseTo(0.625 - predicted, 12);
    expect(yx).toMatchObject({ row: 'y', col: 'x', battles: 4, ties: 1, observed: 0.375 });
    expect(yx!.predicted).toBeCloseTo(1 - predicted, 12);
    expect(yx!.residual!).toBeCloseTo(0.375 - (1 - predicted), 12);
  });

  it('leaves ties out of the rate when asked, still reporting them', () => {
    const heatmap = winRateHeatmap(twoModels, twoRatings, { ties: 'exclude' });
    expect(cell(heatmap, 'x', 'y')).toMatchObject({ battles: 4, ties: 1, observed: 2 / 3 });
    expect(cell(heatmap, 'y', 'x')).toMatchObject({ battles: 4, ties: 1, observed: 1 / 3 });
  });

  it('has no observed rate where only ties were voted and ties are excluded', () => {
    const heatmap = winRateHeatmap([vote('x', 'y', 'tie')], twoRatings, { ties: 'exclude' });
    expect(cell(heatmap, 'x', 'y')).toMatchObject({ battles: 1, ties: 1, observed: null, residual: null });
    expect(winRateHeatmap([vote('x', 'y', 'tie')], twoRatings).cells[0]).toMatchObject({ observed: 0.5 });
  });

  it('fills three models by hand, with a pair that never met', () => {
    // a–b: a 1, b 1; b–c: b 3, c 0; a and c never met.
    const log = [vote('a', 'b', 'A'), vote('a', 'b', 'B'), vote('b', 'c', 'A'), vote('c', 'b', 'B'), vote('b', 'c', 'A')];
    const ratings = new Map([
      ['a', 1400],
      ['b', 1000],
      ['c', 1000],
    ]);
    const heatmap = winRateHeatmap(log, ratings);
    expect(heatmap.models.map((m) => m.model)).toEqual(['a', 'b', 'c']);
    expect(heatmap.cells.map((c) => `${c.row}>${c.col}`)).toEqual(['a>b', 'a>c', 'b>a', 'b>c', 'c>a', 'c>b']);
    expect(cell(heatmap, 'a', 'b')).toMatchObject({ battles: 2, observed: 0.5 });
    expect(cell(heatmap, 'a', 'b').residual!).toBeCloseTo(0.5 - 10 / 11, 12);
    expect(cell(heatmap, 'b', 'c')).toMatchObject({ battles: 3, ties: 0, observed: 1, predicted: 0.5, residual: 0.5 });
    expect(cell(heatmap, 'c', 'b')).toMatchObject({ observed: 0, residual: -0.5 });
    expect(cell(heatmap, 'a', 'c')).toMatchObject({ battles: 0, ties: 0, observed: null, residual: null });
    expect(cell(heatmap, 'a', 'c').predicted).toBeCloseTo(10 / 11, 12);
  });

  it('predicts from the ratings alone: 400 points ahead is 10/11, equal is ½', () => {
    const ratings = new Map([
      ['p', 1400],
      ['q', 1000],
      ['r', 1000],
    ]);
    const predicted = heatmapMatrix(winRateHeatmap([], ratings)).map((row) => row.map((c) => c?.predicted ?? null));
    const [hi, lo, even] = [10 / 11, 1 / 11, 0.5];
    expect(predicted[0]![0]).toBeNull();
    expect(predicted[0]![1]).toBeCloseTo(hi, 12);
    expect(predicted[0]![2]).toBeCloseTo(hi, 12);
    expect(predicted[1]![0]).toBeCloseTo(lo, 12);
    expect(predicted[1]![2]).toBe(even);
    expect(predicted[2]![0]).toBeCloseTo(lo, 12);
    expect(predicted[2]![1]).toBe(even);
  });

  it('is symmetric: observed(i, j) + observed(j, i) = 1 wherever they met (property)', () => {
    let state = 17;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const models = ['a', 'b', 'c', 'd'];
    const outcomes = ['A', 'B', 'tie'] as const;
    const log = Array.from({ length: 150 }, () => {
      const i = Math.floor(random() * 4);
      return vote(models[i]!, models[(i + 1 + Math.floor(random() * 3)) % 4]!, outcomes[Math.floor(random() * 3)]!);
    });
    const ratings = new Map(models.map((m, i) => [m, 1000 + 37 * i]));
    for (const ties of ['half', 'exclude'] as const) {
      const matrix = heatmapMatrix(winRateHeatmap(log, ratings, { ties }));
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          if (i === j) continue;
          const [ij, ji] = [matrix[i]![j]!, matrix[j]![i]!];
          expect(ij.battles).toBe(ji.battles);
          expect(ij.predicted + ji.predicted).toBeCloseTo(1, 12);
          if (ij.observed !== null) expect(ij.observed + ji.observed!).toBeCloseTo(1, 12);
        }
      }
    }
  });

  it('leaves out votes of models without a rating', () => {
    const heatmap = winRateHeatmap([...twoModels, vote('x', 'z', 'A')], twoRatings);
    expect(heatmap.models.map((m) => m.model)).toEqual(['x', 'y']);
    expect(cell(heatmap, 'x', 'y').battles).toBe(4);
  });
});

describe('heatmapMatrix', () => {
  it('lays the cells out row by row with an empty diagonal', () => {
    const ratings = new Map([
      ['a', 1200],
      ['b', 1100],
      ['c', 1000],
    ]);
    const matrix = heatmapMatrix(winRateHeatmap([], ratings));
    expect(matrix.map((row) => row.map((c) => (c === null ? '-' : `${c.row}${c.col}`)))).toEqual([
      ['-', 'ab', 'ac'],
      ['ba', '-', 'bc'],
      ['ca', 'cb', '-'],
    ]);
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF line per cell, nulls empty and names quoted when needed', () => {
    const ratings = new Map([
      ['m, large', 1000],
      ['s', 1000],
    ]);
    const csv = toCsv(winRateHeatmap([vote('m, large', 's', 'A')], ratings));
    expect(csv).toBe(
      'row_model,col_model,battles,ties,observed,predicted,residual\r\n' +
        '"m, large",s,1,0,1,0.5,0.5\r\n' +
        's,"m, large",1,0,0,0.5,-0.5\r\n',
    );
    const unplayed = toCsv(winRateHeatmap([], ratings)).split('\r\n')[1];
    expect(unplayed).toBe('"m, large",s,0,0,,0.5,');
  });
});
