import { describe, expect, it } from 'vitest';
import { orientVote, raterPairs, votesByItem, type AgreementVote } from '../../shared/agreement/orient.js';

const vote = (rater: string, item: string, modelA: string, modelB: string, outcome: AgreementVote['outcome']) => ({
  rater,
  item,
  modelA,
  modelB,
  outcome,
});

describe('orientVote', () => {
  it('turns "A wins" with A = y, B = x into "first (x) wins"', () => {
    const oriented = orientVote(vote('r', 'q1', 'y', 'x', 'A'));
    expect(oriented).toMatchObject({ first: 'x', second: 'y', outcome: 'B' });
  });

  it('makes "A wins" with A=x, B=y equal to "B wins" with A=y, B=x, same item', () => {
    const one = orientVote(vote('r1', 'q1', 'x', 'y', 'A'));
    const two = orientVote(vote('r2', 'q1', 'y', 'x', 'B'));
    expect(two.key).toBe(one.key);
    expect(two.outcome).toBe(one.outcome);
    expect(one.outcome).toBe('A');
  });

  it('leaves a tie a tie and a vote already in canonical order unchanged', () => {
    expect(orientVote(vote('r', 'q1', 'y', 'x', 'tie')).outcome).toBe('tie');
    expect(orientVote(vote('r', 'q1', 'x', 'y', 'B'))).toMatchObject({ first: 'x', second: 'y', outcome: 'B' });
  });

  it('orders by code unit, not locale: "Z" sorts before "a"', () => {
    expect(orientVote(vote('r', 'q', 'a', 'Z', 'A'))).toMatchObject({ first: 'Z', outcome: 'B' });
  });

  it('keeps item and pair apart in the key even when names contain separators', () => {
    const one = orientVote(vote('r', 'q#1', 'x', 'y', 'A'));
    const two = orientVote(vote('r', 'q', '1#x', 'y', 'A'));
    expect(one.key).not.toBe(two.key);
  });
});

describe('raterPairs', () => {
  it('pairs votes of different raters on the same question and pair only', () => {
    const items = votesByItem([
      vote('r1', 'q1', 'x', 'y', 'A'),
      vote('r2', 'q1', 'y', 'x', 'B'), // same item as r1's, shown the other way round
      vote('r3', 'q1', 'x', 'z', 'A'), // same question, other pair: another item
      vote('r4', 'q2', 'x', 'y', 'A'), // other question: another item
    ]);
    expect(items.size).toBe(3);
    const pairs = [...raterPairs(items)].map(([a, b]) => [a.rater, b.rater]);
    expect(pairs).toEqual([['r1', 'r2']]);
  });

  it('uses each of a rater’s repeated votes but never pairs a rater with themself', () => {
    // r1 voted twice, r2 once: pairs (r1#1, r2) and (r1#2, r2); (r1#1, r1#2) is not a pair.
    const items = votesByItem([vote('r1', 'q', 'x', 'y', 'A'), vote('r1', 'q', 'x', 'y', 'tie'), vote('r2', 'q', 'x', 'y', 'A')]);
    const pairs = [...raterPairs(items)].map(([a, b]) => `${a.rater}:${a.outcome}-${b.rater}:${b.outcome}`);
    expect(pairs).toEqual(['r1:A-r2:A', 'r1:tie-r2:A']);
  });

  it('finds no pair when raters voted on different items', () => {
    const items = votesByItem([vote('r1', 'q1', 'x', 'y', 'A'), vote('r2', 'q2', 'x', 'y', 'A'), vote('r3', 'q1', 'x', 'z', 'A')]);
    expect([...raterPairs(items)]).toEqual([]);
  });
});
