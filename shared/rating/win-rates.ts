import { expectedScore, type LoggedVote } from './elo.js';
import { battlesBetween, countPairs } from './pair-counts.js';

/** 'half': a tie is half a win for each side. 'exclude': ties are left out of the rate (still counted in `ties`). */
export type TiesMode = 'half' | 'exclude';

export interface WinRateCell {
  row: string;
  col: string;
  /** Votes between the two models, either shown as A; ties included. */
  battles: number;
  ties: number;
  /** Share of battles row won against col; null without battles (or, with ties excluded, without a decided one). */
  observed: number | null;
  /** What the ratings predict: 1 / (1 + 10^((R_col − R_row)/400)) (Elo 1978). */
  predicted: number;
  /** observed − predicted; null where observed is. */
  residual: number | null;
}

export interface WinRateHeatmap {
  ties: TiesMode;
  /** Best first (ties by name); rows and columns follow this order. */
  models: { model: string; rating: number }[];
  /** Every ordered pair row ≠ col, row by row in `models` order: cell (r, c) is `cells[r·(n−1) + c − (c > r ? 1 : 0)]`. */
  cells: WinRateCell[];
}

/**
 * Observed against predicted win rates for every ordered pair of the rated models: the data of a win-rate heatmap.
 * Symmetric by construction: with ties as half, observed(i, j) + observed(j, i) = 1 wherever they met; with ties
 * excluded the same holds for decided votes. Votes involving a model without a rating are left out.
 */
export function winRateHeatmap(
  votes: Iterable<LoggedVote>,
  ratings: ReadonlyMap<string, number>,
  options: { ties?: TiesMode } = {},
): WinRateHeatmap {
  const ties = options.ties ?? 'half';
  const counts = countPairs(votes);
  const m = counts.models.length;
  const models = [...ratings]
    .map(([model, rating]) => ({ model, rating }))
    .sort((a, b) => b.rating - a.rating || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  const cells: WinRateCell[] = [];
  for (const row of models) {
    for (const col of models) {
      if (row === col) continue;
      const i = counts.index.get(row.model);
      const j = counts.index.get(col.model);
      const met = i !== undefined && j !== undefined;
      const battles = met ? battlesBetween(counts, i, j) : 0;
      const tied = met ? counts.ties[i * m + j]! : 0;
      const won = met ? counts.wins[i * m + j]! : 0;
      const observed =
        ties === 'half'
          ? battles === 0 ? null : (won + tied / 2) / battles
          : battles - tied === 0 ? null : won / (battles - tied);
      const predicted = expectedScore(row.rating, col.rating);
      cells.push({
        row: row.model,
        col: col.model,
        battles,
        ties: tied,
        observed,
        predicted,
        residual: observed === null ? null : observed - predicted,
      });
    }
  }
  return { ties, models, cells };
}

/** The cells as an n×n matrix in `models` order, null on the diagonal: what a heatmap component draws. */
export function heatmapMatrix(heatmap: WinRateHeatmap): (WinRateCell | null)[][] {
  const n = heatmap.models.length;
  return heatmap.models.map((_, r) =>
    heatmap.models.map((_, c) => (r === c ? null : heatmap.cells[r * (n - 1) + c - (c > r ? 1 : 0)]!)),
  );
}

export const HEATMAP_CSV_COLUMNS = ['row_model', 'col_model', 'battles', 'ties', 'observed', 'predicted', 'residual'];

/** RFC 4180: quote a field holding a comma, quote or line break, doubling quotes inside. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The heatmap as RFC 4180 CSV (CRLF line ends, header first), one line per cell in `cells` order; a null is an empty
 * field and numbers are written in full precision.
 */
export function toCsv(heatmap: WinRateHeatmap): string {
  const number = (value: number | null) => (value === null ? '' : String(value));
  const lines = heatmap.cells.map((cell) =>
    [
      csvField(cell.row),
      csvField(cell.col),
      String(cell.battles),
      String(cell.ties),
      number(cell.observed),
      number(cell.predicted),
      number(cell.residual),
    ].join(','),
  );
  return [HEATMAP_CSV_COLUMNS.join(','), ...lines].map((line) => `${line}\r\n`).join('');
}
