/**
 * Where the parts of a heatmap go, in SVG user units. Text cannot be measured before it is drawn, so widths are
 * estimated from character counts (model names are mostly Latin); the estimates only need to leave enough room.
 */
export interface HeatmapLayout {
  /** Left edge of the first column of cells, right of the row labels. */
  gridLeft: number;
  /** Top edge of the first row of cells, below the title and the rotated column labels. */
  gridTop: number;
  legendTop: number;
  legendWidth: number;
  width: number;
  height: number;
}

const CHAR_WIDTH = 6.8;
const TITLE_CHAR_WIDTH = 8;
const MAX_LABEL_CHARS = 24;
export const PAD = 8;
/** Title and subtitle lines. */
const HEADER = 44;
const LEGEND_HEIGHT = 44;
const MIN_LEGEND_WIDTH = 160;

/** Long model names are cut to keep the matrix compact; the full name is in every cell's accessible name. */
export function shortLabel(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

export function heatmapLayout(labels: readonly string[], cellSize: number, title: string): HeatmapLayout {
  const labelWidth = Math.ceil(Math.max(4, ...labels.map((label) => shortLabel(label).length)) * CHAR_WIDTH) + 10;
  // Column labels are rotated 45°: they rise by, and reach right by, their length over √2.
  const diagonal = labelWidth * Math.SQRT1_2;
  const gridLeft = PAD + labelWidth;
  const gridTop = HEADER + diagonal + 6;
  const gridSize = labels.length * cellSize;
  const legendWidth = Math.max(gridSize, MIN_LEGEND_WIDTH);
  const legendTop = gridTop + gridSize + 16;
  const right = Math.max(
    gridLeft + gridSize + Math.max(0, diagonal - cellSize / 2),
    gridLeft + legendWidth,
    title.length * TITLE_CHAR_WIDTH,
  );
  return {
    gridLeft,
    gridTop,
    legendTop,
    legendWidth,
    width: Math.ceil(right + PAD),
    height: Math.ceil(legendTop + LEGEND_HEIGHT),
  };
}
