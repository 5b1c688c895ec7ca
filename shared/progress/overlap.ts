import { votesByItem, type AgreementVote } from '../agreement/orient.js';
import { tieDiscountedAgreement } from '../agreement/pairwise.js';
import type { ProgressSnapshot } from '../schemas/progress.js';

export type OverlapProgress = ProgressSnapshot['overlap'];

/**
 * How far the overlap items are: `items` in scope, the votes cast on them, the items with votes from at least two
 * raters, the raters who voted on every item, and tie-discounted agreement over all pairs of raters on the same item
 * (`tieDiscountedAgreement`, arXiv 2308.14149). `votes` are votes on overlap items only.
 */
export function overlapProgress(votes: readonly AgreementVote[], items: number): OverlapProgress {
  const byItem = votesByItem(votes);
  let itemsWithTwoVotes = 0;
  const itemsOfRater = new Map<string, Set<string>>();
  for (const [key, itemVotes] of byItem) {
    if (new Set(itemVotes.map((v) => v.rater)).size >= 2) itemsWithTwoVotes++;
    for (const vote of itemVotes) {
      let own = itemsOfRater.get(vote.rater);
      if (!own) itemsOfRater.set(vote.rater, (own = new Set()));
      own.add(key);
    }
  }
  const ratersCompleted = items === 0 ? 0 : [...itemsOfRater.values()].filter((own) => own.size >= items).length;
  const { value, pairs } = tieDiscountedAgreement(votes);
  return { items, itemsWithTwoVotes, votes: votes.length, ratersCompleted, agreement: { value, pairs } };
}
