/** Shown where a statistic has no value (too few votes to compute it). */
export const NO_VALUE = '—';

/** A share in [0, 1] as a percentage: `0.623` → `62.3%` (one decimal unless told otherwise). */
export function formatPercent(share: number | null, decimals = 1): string {
  return share === null ? NO_VALUE : `${(share * 100).toFixed(decimals)}%`;
}

/** `58.1–66.0%`: both ends of an interval of shares, the unit written once. */
export function formatPercentInterval(lower: number | null, upper: number | null): string {
  if (lower === null || upper === null) return NO_VALUE;
  return `${(lower * 100).toFixed(1)}–${(upper * 100).toFixed(1)}%`;
}

/** Ratings are shown as integers everywhere. */
export function formatRating(rating: number | null): string {
  return rating === null ? NO_VALUE : String(Math.round(rating));
}

export function formatRatingInterval(lower: number | null, upper: number | null): string {
  return lower === null || upper === null ? NO_VALUE : `${Math.round(lower)}–${Math.round(upper)}`;
}

/** Losses and scores such as log-loss, Brier and alpha: three decimals. */
export function formatScore(value: number | null): string {
  return value === null ? NO_VALUE : value.toFixed(3);
}

/** p-values: three decimals, and `< 0.001` below that, as is usual in reports. */
export function formatPValue(p: number | null): string {
  if (p === null) return NO_VALUE;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export function formatSeconds(ms: number | null): string {
  return ms === null ? NO_VALUE : (ms / 1000).toFixed(1);
}

/** A difference of shares in percentage points, always signed: `+7`, `−3`, `0`. */
export function formatPoints(difference: number): string {
  const points = Math.round(difference * 100);
  if (points === 0) return '0';
  return points > 0 ? `+${points}` : `−${Math.abs(points)}`;
}
