/** Ratings are shown as integers everywhere, so the shown change is the difference of the shown numbers. */
export function formatRatingChange(before: number, after: number): string {
  const from = Math.round(before);
  const to = Math.round(after);
  const delta = to - from;
  return `${from} → ${to} (${delta < 0 ? '-' : '+'}${Math.abs(delta)})`;
}

/** Wins over all votes of the model, one decimal; a dash when it has none. */
export function formatWinRate(wins: number, votes: number): string {
  return votes === 0 ? '—' : `${((wins / votes) * 100).toFixed(1)}%`;
}

/** An ISO-8601 instant as a short local date and time in the interface language; the text itself if it is not one. */
export function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** An ISO-8601 instant as a local time of day with seconds (for "updated at"); the text itself if it is not one. */
export function formatTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(date);
}

/** A rate such as votes per hour: one decimal below 100, whole numbers above, where the decimal no longer matters. */
export function formatRate(value: number): string {
  return value < 100 ? value.toFixed(1) : String(Math.round(value));
}
