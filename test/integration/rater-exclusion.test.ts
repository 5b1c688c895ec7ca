import { afterEach, describe, expect, it } from 'vitest';
import { replayElo } from '../../shared/rating/elo.js';
import { listAllRatings } from '../../server/repositories/ratings.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, startTestApp, type TestApp, sqliteOf } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Stored overall ratings against a replay of the votes whose raters are not excluded. */
async function expectRatingsEqualReplayOfIncludedVotes(app: TestApp['app']) {
  const rows = sqliteOf(app)
    .prepare(
      `select ma.name as modelA, mb.name as modelB, v.choice as outcome from votes v join raters r on r.id = v.rater_id
       join models ma on ma.id = v.model_a_id join models mb on mb.id = v.model_b_id where r.excluded_at is null order by v.id`,
    )
    .all() as { modelA: string; modelB: string; outcome: 'A' | 'B' | 'tie' }[];
  const replayed = replayElo(rows);
  const stored = (await listAllRatings(app.arenaDb.db)).filter((r) => r.scope === '*');
  expect(stored).toHaveLength(replayed.size);
  for (const row of stored) expect(row.rating).toBeCloseTo(replayed.get(row.model)!.rating, 9);
}

describe('excluding a rater', () => {
  it("takes their votes out of the ratings and analyses, keeps them in the log marked, and is reversible", async () => {
    t = await startTestApp();
    const honest = new TestRater(t.app);
    const spammer = new TestRater(t.app);
    for (let i = 0; i < 4; i++) {
      await honest.voteOk((await honest.nextAssignment()).assignmentId, 'tie');
      await spammer.voteOk((await spammer.nextAssignment()).assignmentId, 'A');
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/raters', headers: organizer });
    const pseudonyms = list.json().raters.map((r: { pseudonym: string }) => r.pseudonym);
    const spammerName = pseudonyms[1];

    const excluded = await t.app.inject({
      method: 'PUT',
      url: `/api/raters/${spammerName}/exclusion`,
      headers: organizer,
      payload: { excluded: true, reason: 'always left' },
    });
    expect(excluded.statusCode).toBe(200);
    expect(excluded.json()).toMatchObject({ ratingsRebuilt: true, rater: { pseudonym: spammerName, votes: 4, excluded: true, excludedReason: 'always left' } });
    await expectRatingsEqualReplayOfIncludedVotes(t.app);
    const board = (await t.app.inject({ method: 'GET', url: '/api/leaderboard' })).json();
    expect(board.totalVotes).toBe(4);

    // A new vote by the excluded rater is logged but moves nothing.
    const before = JSON.stringify(await listAllRatings(t.app.arenaDb.db));
    const late = await spammer.voteOk((await spammer.nextAssignment()).assignmentId, 'A');
    expect(late.ratings.A.after).toBe(late.ratings.A.before);
    expect(JSON.stringify(await listAllRatings(t.app.arenaDb.db))).toBe(before);

    const exported = await t.app.inject({ method: 'GET', url: '/api/export/votes?format=jsonl', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
    const records = exported.body.trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toHaveLength(9);
    expect(records.filter((r) => r.rater_excluded)).toHaveLength(5);
    const ratings = (await t.app.inject({ method: 'GET', url: '/api/research/ratings?rounds=0', headers: organizer })).json();
    expect(ratings.votes).toBe(4);

    const restored = await t.app.inject({ method: 'PUT', url: `/api/raters/${spammerName}/exclusion`, headers: organizer, payload: { excluded: false } });
    expect(restored.json()).toMatchObject({ ratingsRebuilt: true, rater: { excluded: false, excludedReason: null } });
    await expectRatingsEqualReplayOfIncludedVotes(t.app);
    expect((await t.app.inject({ method: 'GET', url: '/api/leaderboard' })).json().totalVotes).toBe(9);
  });

  it('names an unknown rater with 404', async () => {
    t = await startTestApp();
    const response = await t.app.inject({ method: 'PUT', url: '/api/raters/rater-nobody/exclusion', headers: organizer, payload: { excluded: true } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('RATER_NOT_FOUND');
  });
});
