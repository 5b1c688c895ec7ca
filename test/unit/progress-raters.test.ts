import { describe, expect, it } from 'vitest';
import { raterProgressRows, type RaterTally } from '../../shared/progress/raters.js';
import type { RaterDiagnostics } from '../../shared/research/rater-diagnostics.js';

const tally = (pseudonym: string, votes: number, lastVoteAt: string | null, excluded = false): RaterTally => ({
  pseudonym,
  displayName: null,
  votes,
  overlapVoted: 0,
  lastVoteAt,
  excluded,
});

const diagnosticsOf = (rater: string, votes: number): RaterDiagnostics => ({
  rater,
  votes,
  tieRate: 0.5,
  leftRate: 1,
  positionBiasP: 1,
  medianMs: 4000,
  consensusAgreement: null,
  consensusItems: 0,
  flags: [],
});

describe('raterProgressRows', () => {
  const since = '2026-11-23T11:50:00.000Z';

  it('is active when the last vote is at or after the window start', () => {
    const rows = raterProgressRows(
      [tally('rater-a', 1, '2026-11-23T11:50:00.000Z'), tally('rater-b', 1, '2026-11-23T11:49:59.999Z'), tally('rater-c', 0, null)],
      new Map(),
      since,
    );
    expect(rows.map((r) => [r.pseudonym, r.active])).toEqual([
      ['rater-a', true],
      ['rater-b', false],
      ['rater-c', false],
    ]);
  });

  it('lists most votes first, then by pseudonym', () => {
    const rows = raterProgressRows([tally('rater-b', 2, null), tally('rater-c', 5, null), tally('rater-a', 2, null)], new Map(), since);
    expect(rows.map((r) => r.pseudonym)).toEqual(['rater-c', 'rater-a', 'rater-b']);
  });

  it('carries the diagnostics of raters who have them, and none for excluded raters or raters without votes', () => {
    const diagnostics = new Map([
      ['rater-a', diagnosticsOf('rater-a', 2)],
      ['rater-x', diagnosticsOf('rater-x', 3)],
    ]);
    const rows = raterProgressRows([tally('rater-a', 2, since), tally('rater-x', 3, since, true), tally('rater-new', 0, null)], diagnostics, since);
    expect(rows.find((r) => r.pseudonym === 'rater-a')!.diagnostics).toEqual({
      tieRate: 0.5,
      leftRate: 1,
      positionBiasP: 1,
      medianMs: 4000,
      consensusAgreement: null,
      consensusItems: 0,
      flags: [],
    });
    expect(rows.find((r) => r.pseudonym === 'rater-x')).toMatchObject({ excluded: true, diagnostics: null });
    expect(rows.find((r) => r.pseudonym === 'rater-new')).toMatchObject({ votes: 0, active: false, diagnostics: null });
  });
});
