import { orientVote, type AgreementVote } from '../agreement/orient.js';
import { PairwiseAgreementTally, PAIR_SCORES } from '../agreement/pairwise.js';
import type { ProgressSnapshot } from '../schemas/progress.js';

export type OverlapProgress = ProgressSnapshot['overlap'];

/**
 * How far the overlap items are: `items` in scope, the votes cast on them, the items with votes from at least two
 * raters, the raters who voted on every item, and tie-discounted agreement over all pairs of raters on the same item
 * (`tieDiscountedAgreement`, arXiv 2308.14149). `votes` are votes on overlap items only.
 */
export function overlapProgress(votes: readonly AgreementVote[], items: number): OverlapProgress {
  const tally = new OverlapTally();
  for (const vote of votes) tally.add(vote);
  return tally.progress(items);
}

/** `overlapProgress` kept up to date as votes arrive: after adding votes, `progress` equals it for all of them. */
export class OverlapTally {
  readonly #agreement = new PairwiseAgreementTally(PAIR_SCORES.tieDiscounted);
  readonly #ratersOfItem = new Map<string, Set<string>>();
  readonly #itemsOfRater = new Map<string, Set<string>>();
  #votes = 0;
  #itemsWithTwoVotes = 0;

  add(vote: AgreementVote): void {
    const { key, rater } = orientVote(vote);
    this.#votes++;
    this.#agreement.add(vote);
    let raters = this.#ratersOfItem.get(key);
    if (!raters) this.#ratersOfItem.set(key, (raters = new Set()));
    const before = raters.size;
    raters.add(rater);
    if (before === 1 && raters.size === 2) this.#itemsWithTwoVotes++;
    let own = this.#itemsOfRater.get(rater);
    if (!own) this.#itemsOfRater.set(rater, (own = new Set()));
    own.add(key);
  }

  progress(items: number): OverlapProgress {
    let ratersCompleted = 0;
    if (items > 0) for (const own of this.#itemsOfRater.values()) if (own.size >= items) ratersCompleted++;
    const { value, pairs } = this.#agreement.result();
    return { items, itemsWithTwoVotes: this.#itemsWithTwoVotes, votes: this.#votes, ratersCompleted, agreement: { value, pairs } };
  }
}
