import type { RaterDiagnostics } from '../research/rater-diagnostics.js';
import type { RaterProgressRow } from '../schemas/progress.js';

/** A rater's votes in the scope, as counted in the database. */
export interface RaterTally {
  pseudonym: string;
  displayName: string | null;
  votes: number;
  overlapVoted: number;
  lastVoteAt: string | null;
  excluded: boolean;
}

/**
 * One row per rater, most votes first (then by pseudonym, by code unit). Active: the last vote is at or after
 * `activeSince`. Diagnostics only where `diagnostics` has the rater: the research analyses leave excluded raters'
 * votes out, so an excluded rater has none here either.
 */
export function raterProgressRows(
  tallies: readonly RaterTally[],
  diagnostics: ReadonlyMap<string, RaterDiagnostics>,
  activeSince: string,
): RaterProgressRow[] {
  const activeSinceMs = Date.parse(activeSince);
  return tallies.map((tally) => raterProgressRow(tally, diagnostics.get(tally.pseudonym), activeSinceMs)).sort(byVotesThenPseudonym);
}

/** One rater's row (see `raterProgressRows`); `activeSinceMs` is the window's start in ms since the epoch. */
export function raterProgressRow(tally: RaterTally, diagnostics: RaterDiagnostics | undefined, activeSinceMs: number): RaterProgressRow {
  const d = tally.excluded ? undefined : diagnostics;
  return {
    pseudonym: tally.pseudonym,
    displayName: tally.displayName,
    votes: tally.votes,
    overlapVoted: tally.overlapVoted,
    lastVoteAt: tally.lastVoteAt,
    active: tally.lastVoteAt !== null && Date.parse(tally.lastVoteAt) >= activeSinceMs,
    excluded: tally.excluded,
    diagnostics:
      d === undefined
        ? null
        : {
            tieRate: d.tieRate,
            leftRate: d.leftRate,
            positionBiasP: d.positionBiasP,
            medianMs: d.medianMs,
            consensusAgreement: d.consensusAgreement,
            consensusItems: d.consensusItems,
            flags: d.flags,
          },
  };
}

/** The rows' order: most votes first, then by pseudonym, by code unit. */
export const byVotesThenPseudonym = (a: RaterProgressRow, b: RaterProgressRow): number =>
  b.votes - a.votes || (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0);
