import type { Outcome } from '../rating/elo.js';

/**
 * One rater's vote on one item. `item` names what was judged (a question, and the turn if there are several); the
 * unordered model pair is part of the item too, so `item` need not repeat it.
 */
export interface AgreementVote {
  rater: string;
  item: string;
  modelA: string;
  modelB: string;
  outcome: Outcome;
}

/**
 * A vote seen from the canonical model order: `first` is the model that sorts first by code unit (not by locale, so
 * every machine agrees), and `outcome` says 'A' when `first` won, 'B' when `second` won.
 */
export interface OrientedVote {
  rater: string;
  /** Identity of the item: the caller's item and the canonical pair, as one string. */
  key: string;
  first: string;
  second: string;
  outcome: Outcome;
}

/**
 * Turns a vote to the canonical order, so "A wins" with A = x, B = y equals "B wins" with A = y, B = x. A vote of a
 * model against itself has no order to fix and is kept as cast.
 */
export function orientVote(vote: AgreementVote): OrientedVote {
  const swapped = vote.modelA > vote.modelB;
  const [first, second] = swapped ? [vote.modelB, vote.modelA] : [vote.modelA, vote.modelB];
  const outcome: Outcome = swapped && vote.outcome !== 'tie' ? (vote.outcome === 'A' ? 'B' : 'A') : vote.outcome;
  // JSON keeps the three parts apart whatever characters the names hold.
  return { rater: vote.rater, key: JSON.stringify([vote.item, first, second]), first, second, outcome };
}

/** Oriented votes grouped by item, in the order items first appear. */
export function votesByItem(votes: readonly AgreementVote[]): Map<string, OrientedVote[]> {
  const items = new Map<string, OrientedVote[]>();
  for (const vote of votes) {
    const oriented = orientVote(vote);
    const group = items.get(oriented.key);
    if (group) group.push(oriented);
    else items.set(oriented.key, [oriented]);
  }
  return items;
}

/**
 * Every pair of votes on the same item cast by two different raters, each pair once. A rater who voted twice on an
 * item has both votes paired with every other rater's votes (each vote is a judgement we have); a rater's own two
 * votes are never paired, since that would measure consistency over time rather than between raters.
 */
export function* raterPairs(items: Map<string, OrientedVote[]>): Generator<[OrientedVote, OrientedVote, string]> {
  for (const [key, group] of items) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (group[i]!.rater !== group[j]!.rater) yield [group[i]!, group[j]!, key];
      }
    }
  }
}
