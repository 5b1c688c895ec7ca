import { describe, expect, it } from 'vitest';
import type { AgreementVote } from '../../shared/agreement/orient.js';
import { overlapProgress } from '../../shared/progress/overlap.js';

const vote = (rater: string, item: string, modelA: string, modelB: string, outcome: AgreementVote['outcome']): AgreementVote => ({
  rater,
  item,
  modelA,
  modelB,
  outcome,
});

describe('overlapProgress', () => {
  it('counts items with two raters, raters who did every item, and tie-discounted agreement, by hand', () => {
    // Oriented to x < y: on p, r1 and r2 say x (r2 with y shown first), r3 says y; on q, r1 says x, r2 tie.
    const votes = [
      vote('r1', 'p', 'x', 'y', 'A'),
      vote('r2', 'p', 'y', 'x', 'B'),
      vote('r3', 'p', 'x', 'y', 'B'),
      vote('r1', 'q', 'y', 'x', 'B'),
      vote('r2', 'q', 'x', 'y', 'tie'),
    ];
    // Pairs: p r1r2 = 1, p r1r3 = 0, p r2r3 = 0, q r1r2 = ½ → 1.5 / 4.
    expect(overlapProgress(votes, 2)).toEqual({
      items: 2,
      itemsWithTwoVotes: 2,
      votes: 5,
      ratersCompleted: 2,
      agreement: { value: 0.375, pairs: 4 },
    });
  });

  it('has no agreement while no item has two raters, and an item one rater voted twice is still one rater', () => {
    const votes = [vote('r1', 'p', 'x', 'y', 'A'), vote('r1', 'p', 'x', 'y', 'B'), vote('r2', 'q', 'x', 'y', 'A')];
    expect(overlapProgress(votes, 3)).toEqual({
      items: 3,
      itemsWithTwoVotes: 0,
      votes: 3,
      ratersCompleted: 0,
      agreement: { value: null, pairs: 0 },
    });
  });

  it('counts nobody as complete when the scope has no overlap items', () => {
    expect(overlapProgress([], 0)).toEqual({ items: 0, itemsWithTwoVotes: 0, votes: 0, ratersCompleted: 0, agreement: { value: null, pairs: 0 } });
  });
});
