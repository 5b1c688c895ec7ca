import type { ManagedRater, RaterVote } from '../../../shared/schemas/api.js';

/** How a rater is named to the organizer: the display name they chose, else their pseudonym. */
export function raterName(rater: Pick<ManagedRater, 'pseudonym' | 'displayName'>): string {
  return rater.displayName ?? rater.pseudonym;
}

/** The model the vote preferred (A and B are the sides the rater saw); `null` for a tie. */
export function chosenModel(vote: Pick<RaterVote, 'choice' | 'modelA' | 'modelB'>): string | null {
  switch (vote.choice) {
    case 'A':
      return vote.modelA;
    case 'B':
      return vote.modelB;
    case 'tie':
      return null;
  }
}

/** The reason as typed, trimmed; an empty field is no reason at all rather than an empty one. */
export function exclusionReason(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** The list with `rater`'s row replaced in place (the order the organizer is reading stays); a new rater is added last. */
export function withRater(raters: readonly ManagedRater[], rater: ManagedRater): ManagedRater[] {
  const index = raters.findIndex((row) => row.pseudonym === rater.pseudonym);
  return index === -1 ? [...raters, rater] : raters.map((row, i) => (i === index ? rater : row));
}

/** The raters shown so far and the next page, without repeating a rater fetched twice (a retried "Load more"). */
export function appendRaters(shown: readonly ManagedRater[], page: readonly ManagedRater[]): ManagedRater[] {
  const seen = new Set(shown.map((rater) => rater.pseudonym));
  return [...shown, ...page.filter((rater) => !seen.has(rater.pseudonym))];
}

/** The votes shown so far and the next page, without repeating a vote fetched twice (a retried "Load more"). */
export function appendVotes(shown: readonly RaterVote[], page: readonly RaterVote[]): RaterVote[] {
  const seen = new Set(shown.map((vote) => vote.voteId));
  return [...shown, ...page.filter((vote) => !seen.has(vote.voteId))];
}

export type ExclusionOutcome = 'excluded' | 'included' | 'alreadyExcluded' | 'alreadyIncluded';

/**
 * What a change of exclusion did: the server rebuilds the ratings only when the rater's state changed, so a request
 * that found the rater already so (another organizer's tab, a double click) changed nothing.
 */
export function exclusionOutcome(result: { rater: Pick<ManagedRater, 'excluded'>; ratingsRebuilt: boolean }): ExclusionOutcome {
  if (result.rater.excluded) return result.ratingsRebuilt ? 'excluded' : 'alreadyExcluded';
  return result.ratingsRebuilt ? 'included' : 'alreadyIncluded';
}
