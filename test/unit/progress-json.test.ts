import { describe, expect, it } from 'vitest';
import { progressMessageJson, progressSnapshotJson } from '../../server/realtime/progress-json.js';
import { progressLiveMessageSchema, progressSnapshotSchema, type ProgressSnapshot, type RaterProgressRow } from '../../shared/schemas/progress.js';

const coverage = { votes: 3, cells: 4, cellsAtTarget: 1, votesToTarget: 5 };

function snapshotWith(raters: number): ProgressSnapshot {
  const rows: RaterProgressRow[] = Array.from({ length: raters }, (_, i) => ({
    pseudonym: `rater-${i}`,
    displayName: i % 3 === 0 ? `Name "${i}" \u2028 ✓` : null,
    votes: raters - i,
    overlapVoted: i % 5,
    lastVoteAt: '2026-11-23T12:00:00.000Z',
    active: i % 2 === 0,
    excluded: false,
    diagnostics: i % 4 === 0 ? null : { tieRate: 0.25, leftRate: null, positionBiasP: 1, medianMs: 4000, consensusAgreement: 0.5, consensusItems: 2, flags: [] },
  }));
  return {
    generatedAt: '2026-11-23T12:00:00.000Z',
    scope: { campaign: null, sets: [{ id: 1, name: 'Set', version: 1 }] },
    target: { votesPerCell: 1, fromCampaign: false },
    totals: coverage,
    categories: [{ category: 'math', name: 'Math', ...coverage }],
    models: ['x', 'y'],
    pairs: [{ modelA: 'x', modelB: 'y', ...coverage }],
    activeRaters: { windowMinutes: 10, count: 1 },
    overlap: { items: 2, itemsWithTwoVotes: 1, votes: 3, ratersCompleted: 1, agreement: { value: 0.5, pairs: 2 } },
    pace: { windowMinutes: 15, votesInWindow: 3, votesPerHour: 12, etaAt: null, reached: false },
    raters: rows,
  };
}

describe('progressSnapshotJson', () => {
  it('is the JSON of the snapshot, rows serialized a chunk at a time, with no rater, one, and several chunks', async () => {
    for (const raters of [0, 1, 999, 1000, 1001, 2500]) {
      const snapshot = snapshotWith(raters);
      const text = await progressSnapshotJson(snapshot);
      expect(JSON.parse(text), `${raters} raters`).toEqual(snapshot);
      expect(progressSnapshotSchema.parse(JSON.parse(text))).toEqual(snapshot);
      expect(JSON.parse(await progressMessageJson(snapshot))).toEqual(progressLiveMessageSchema.parse({ type: 'progress', progress: snapshot }));
    }
  });
});
