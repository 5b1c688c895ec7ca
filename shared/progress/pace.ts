import type { ProgressSnapshot } from '../schemas/progress.js';

export type Pace = ProgressSnapshot['pace'];

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** The instant `minutes` before `now`, as the ISO-8601 text votes are stored with (so it compares as text too). */
export function minutesBefore(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * MS_PER_MINUTE).toISOString();
}

/**
 * The recent pace and when the target falls at that pace: votesPerHour = votesInWindow · 60 / windowMinutes, and
 * etaAt = now + votesToTarget / votesPerHour. Reached when no vote is missing; no eta when reached or when nothing was
 * voted in the window (a pace of 0 never arrives).
 */
export function paceOf(input: { now: Date; windowMinutes: number; votesInWindow: number; votesToTarget: number }): Pace {
  const { now, windowMinutes, votesInWindow, votesToTarget } = input;
  const votesPerHour = (votesInWindow * 60) / windowMinutes;
  const reached = votesToTarget === 0;
  const etaAt = reached || votesPerHour === 0 ? null : new Date(now.getTime() + (votesToTarget / votesPerHour) * MS_PER_HOUR).toISOString();
  return { windowMinutes, votesInWindow, votesPerHour, etaAt, reached };
}

/**
 * Instants (ms since the epoch) kept in order, so the votes at or after a moment are counted by binary search: the
 * pace window recounted every second without reading the log again. Votes arrive nearly in time order, so an insert
 * moves few entries.
 */
export class InstantCounter {
  #instants = new Float64Array(1024);
  #size = 0;

  add(ms: number): void {
    if (this.#size === this.#instants.length) {
      const grown = new Float64Array(this.#instants.length * 2);
      grown.set(this.#instants);
      this.#instants = grown;
    }
    let at = this.#size++;
    for (; at > 0 && this.#instants[at - 1]! > ms; at--) this.#instants[at] = this.#instants[at - 1]!;
    this.#instants[at] = ms;
  }

  /** How many instants are at or after `ms`. */
  countSince(ms: number): number {
    let [low, high] = [0, this.#size];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#instants[mid]! < ms) low = mid + 1;
      else high = mid;
    }
    return this.#size - low;
  }
}
