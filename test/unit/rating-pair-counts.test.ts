import { describe, expect, it } from 'vitest';
import type { LoggedVote, Outcome } from '../../shared/rating/elo.js';
import { battlesBetween, comparisonComponents, countPairs } from '../../shared/rating/pair-counts.js';

const vote = (modelA: string, modelB: string, outcome: Outcome): LoggedVote => ({ modelA, modelB, outcome });

describe('countPairs', () => {
  it('counts wins by model, whichever side it was shown on, and ties both ways', () => {
    const counts = countPairs([vote('y', 'x', 'A'), vote('x', 'y', 'B'), vote('x', 'y', 'A'), vote('y', 'x', 'tie')]);
    expect(counts.models).toEqual(['x', 'y']);
    expect([...counts.wins]).toEqual([0, 1, 2, 0]);
    expect([...counts.ties]).toEqual([0, 1, 1, 0]);
    expect(counts.votes).toEqual([4, 4]);
    expect(battlesBetween(counts, 0, 1)).toBe(4);
    expect(battlesBetween(counts, 1, 0)).toBe(4);
  });

  it('sorts models by code unit, not by locale', () => {
    expect(countPairs([vote('b', 'B', 'A'), vote('a', 'é', 'A')]).models).toEqual(['B', 'a', 'b', 'é']);
  });

  it('counts a vote of a model against itself in votes only', () => {
    const counts = countPairs([vote('x', 'x', 'A')]);
    expect(counts.votes).toEqual([1]);
    expect([...counts.wins]).toEqual([0]);
  });
});

describe('comparisonComponents', () => {
  it('groups models that met, directly or through others', () => {
    const counts = countPairs([vote('a', 'c', 'A'), vote('c', 'e', 'tie'), vote('b', 'd', 'B'), vote('f', 'f', 'A')]);
    expect(comparisonComponents(counts)).toEqual([[0, 2, 4], [1, 3], [5]]);
  });
});
