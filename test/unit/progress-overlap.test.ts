import { describe, expect, it } from 'vitest';
import { orientVote, type AgreementVote } from '../../shared/agreement/orient.js';
import { tieDiscountedAgreement } from '../../shared/agreement/pairwise.js';
import { overlapProgress, OverlapTally } from '../../shared/progress/overlap.js';
import { mulberry32 } from '../../shared/stats/random.js';

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

  it('keeps up as votes arrive: after any vote, the counts over the votes so far (property)', () => {
    /** Each figure counted straight from the votes. */
    function counted(votes: readonly AgreementVote[], items: number) {
      const ratersOf = new Map<string, Set<string>>();
      const itemsOf = new Map<string, Set<string>>();
      for (const v of votes) {
        const { key } = orientVote(v);
        ratersOf.set(key, (ratersOf.get(key) ?? new Set()).add(v.rater));
        itemsOf.set(v.rater, (itemsOf.get(v.rater) ?? new Set()).add(key));
      }
      const { value, pairs } = tieDiscountedAgreement(votes);
      return {
        items,
        itemsWithTwoVotes: [...ratersOf.values()].filter((raters) => raters.size >= 2).length,
        votes: votes.length,
        ratersCompleted: items === 0 ? 0 : [...itemsOf.values()].filter((own) => own.size >= items).length,
        agreement: { value, pairs },
      };
    }
    const random = mulberry32(7);
    const choices: AgreementVote['outcome'][] = ['A', 'tie', 'B'];
    for (let round = 0; round < 50; round++) {
      const log = Array.from({ length: Math.floor(random() * 50) }, () => {
        const [a, b] = random() < 0.5 ? ['x', 'y'] : ['y', 'x'];
        return vote(`r${Math.floor(random() * 4)}`, `q${Math.floor(random() * 3)}`, a, b, choices[Math.floor(random() * 3)]!);
      });
      const tally = new OverlapTally();
      log.forEach((v, i) => {
        tally.add(v);
        if (random() < 0.3) expect(tally.progress(3)).toEqual(counted(log.slice(0, i + 1), 3));
      });
      expect(tally.progress(3)).toEqual(counted(log, 3));
    }
  });
});
