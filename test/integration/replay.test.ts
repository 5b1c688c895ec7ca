import { afterEach, describe, expect, it } from 'vitest';
import { replayElo } from '../../shared/rating/elo.js';
import { listAllRatings } from '../../server/repositories/ratings.js';
import { listVotesForReplay } from '../../server/repositories/votes.js';
import { seededRandom } from '../helpers/random.js';
import { TestRater } from '../helpers/rater.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

describe('stored ratings', () => {
  it('equal a replay of the vote log, overall and per category, after a long random sequence', async () => {
    t = await startTestApp();
    const random = seededRandom(2026);
    const raters = Array.from({ length: 25 }, () => new TestRater(t!.app));
    const choices = ['A', 'B', 'tie'] as const;
    let votes = 0;
    for (let step = 0; step < 400; step++) {
      const rater = raters[Math.floor(random() * raters.length)]!;
      const next = await rater.next();
      if (next.status !== 'assigned') continue;
      await rater.voteOk(next.assignmentId, choices[Math.floor(random() * 3)]!);
      votes++;
    }
    expect(votes).toBeGreaterThan(200);

    const log = await listVotesForReplay(t.app.arenaDb.db);
    expect(log).toHaveLength(votes);
    const stored = await listAllRatings(t.app.arenaDb.db);
    const scopes = new Set(stored.map((row) => row.scope));
    expect(scopes.size).toBeGreaterThan(2);
    for (const scope of scopes) {
      const replayed = replayElo(log.filter((v) => scope === '*' || v.category === scope));
      const rows = stored.filter((row) => row.scope === scope);
      expect(rows).toHaveLength(replayed.size);
      for (const row of rows) {
        const expected = replayed.get(row.model);
        expect(expected, `${scope}/${row.model}`).toBeDefined();
        expect(row.rating).toBeCloseTo(expected!.rating, 9);
        expect([row.votes, row.wins, row.ties, row.losses]).toEqual([
          expected!.votes,
          expected!.wins,
          expected!.ties,
          expected!.losses,
        ]);
      }
    }
  });
});
