import { describe, expect, it } from 'vitest';
import type { ManagedRater, RaterVote } from '../../shared/schemas/api.js';
import { appendVotes, chosenModel, exclusionOutcome, exclusionReason, raterName, withRater } from '../../client/src/lib/rater-view.js';

function rater(pseudonym: string, changes: Partial<ManagedRater> = {}): ManagedRater {
  return {
    pseudonym,
    displayName: null,
    votes: 0,
    createdAt: '2026-11-24T10:00:00.000Z',
    excluded: false,
    excludedAt: null,
    excludedReason: null,
    ...changes,
  };
}

function vote(voteId: number, changes: Partial<RaterVote> = {}): RaterVote {
  return {
    voteId,
    createdAt: '2026-11-24T10:00:00.000Z',
    questionSet: 'default',
    questionSetVersion: 1,
    questionId: `q${voteId}`,
    category: 'math',
    modelA: 'alpha',
    modelB: 'beta',
    choice: 'A',
    overlap: false,
    elapsedMs: 1200,
    ...changes,
  };
}

describe('chosenModel', () => {
  it('names the model on the side the rater picked', () => {
    expect(chosenModel(vote(1, { choice: 'A' }))).toBe('alpha');
    expect(chosenModel(vote(1, { choice: 'B' }))).toBe('beta');
  });

  it('follows the sides as they were shown, not a fixed model order', () => {
    expect(chosenModel(vote(1, { modelA: 'beta', modelB: 'alpha', choice: 'A' }))).toBe('beta');
  });

  it('names no model for a tie', () => {
    expect(chosenModel(vote(1, { choice: 'tie' }))).toBeNull();
  });
});

describe('raterName', () => {
  it('uses the display name when the rater chose one, else the pseudonym', () => {
    expect(raterName(rater('rater-abc', { displayName: 'Ada' }))).toBe('Ada');
    expect(raterName(rater('rater-abc'))).toBe('rater-abc');
  });
});

describe('exclusionReason', () => {
  it('trims the reason as typed', () => {
    expect(exclusionReason('  clicked A every time \n')).toBe('clicked A every time');
  });

  it('sends no reason for an empty or blank field', () => {
    expect(exclusionReason('')).toBeNull();
    expect(exclusionReason('   ')).toBeNull();
  });
});

describe('withRater', () => {
  it('replaces the changed rater in place, keeping the order and the other rows', () => {
    const list = [rater('rater-a'), rater('rater-b'), rater('rater-c')];
    const changed = rater('rater-b', { excluded: true, excludedAt: '2026-11-24T11:00:00.000Z', excludedReason: 'spam' });
    const next = withRater(list, changed);
    expect(next.map((row) => row.pseudonym)).toEqual(['rater-a', 'rater-b', 'rater-c']);
    expect(next[1]).toBe(changed);
    expect(next[0]).toBe(list[0]);
    expect(list[1]!.excluded, 'the old list is left as it was').toBe(false);
  });

  it('adds a rater the list did not have yet at the end', () => {
    expect(withRater([rater('rater-a')], rater('rater-z')).map((row) => row.pseudonym)).toEqual(['rater-a', 'rater-z']);
  });
});

describe('appendVotes', () => {
  it('adds the next page after the votes shown', () => {
    expect(appendVotes([vote(1), vote(2)], [vote(3), vote(4)]).map((v) => v.voteId)).toEqual([1, 2, 3, 4]);
  });

  it('does not show a vote twice when a page is fetched again', () => {
    expect(appendVotes([vote(1), vote(2)], [vote(2), vote(3)]).map((v) => v.voteId)).toEqual([1, 2, 3]);
  });
});

describe('exclusionOutcome', () => {
  it('reports an exclusion or an inclusion that rebuilt the ratings', () => {
    expect(exclusionOutcome({ rater: { excluded: true }, ratingsRebuilt: true })).toBe('excluded');
    expect(exclusionOutcome({ rater: { excluded: false }, ratingsRebuilt: true })).toBe('included');
  });

  it('reports that nothing changed when the rater was already in the state asked for', () => {
    expect(exclusionOutcome({ rater: { excluded: true }, ratingsRebuilt: false })).toBe('alreadyExcluded');
    expect(exclusionOutcome({ rater: { excluded: false }, ratingsRebuilt: false })).toBe('alreadyIncluded');
  });
});
