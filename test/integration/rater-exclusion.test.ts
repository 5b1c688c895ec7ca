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

async function pseudonymOf(rater: TestRater): Promise<string> {
  return (await t!.app.inject({ method: 'GET', url: '/api/me', headers: rater.headers() })).json().pseudonym;
}

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
    const spammerName = await pseudonymOf(spammer);

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

describe("an organizer reviewing a rater's votes", () => {
  it('pages through them in commit order, with models and choices, and the export filters by rater too', async () => {
    t = await startTestApp();
    const reviewed = new TestRater(t.app);
    const other = new TestRater(t.app);
    const cast: { voteId: number; choice: string }[] = [];
    for (const choice of ['A', 'B', 'tie'] as const) {
      const result = await reviewed.voteOk((await reviewed.nextAssignment()).assignmentId, choice);
      cast.push({ voteId: result.voteId, choice });
      await other.voteOk((await other.nextAssignment()).assignmentId, 'A');
    }
    const pseudonym = await pseudonymOf(reviewed);

    const first = await t.app.inject({ method: 'GET', url: `/api/raters/${pseudonym}/votes?limit=2`, headers: organizer });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.rater).toMatchObject({ pseudonym, votes: 3, excluded: false });
    expect(page1.votes.map((v: { voteId: number; choice: string }) => ({ voteId: v.voteId, choice: v.choice }))).toEqual(cast.slice(0, 2));
    expect(page1.votes[0]).toMatchObject({ questionSet: 'tiny', questionSetVersion: 1, overlap: expect.any(Boolean) });
    expect(page1.votes[0].modelA).not.toBe(page1.votes[0].modelB);
    expect(page1.nextAfter).toBe(cast[1]!.voteId);
    const page2 = (await t.app.inject({ method: 'GET', url: `/api/raters/${pseudonym}/votes?limit=2&after=${page1.nextAfter}`, headers: organizer })).json();
    expect(page2.votes.map((v: { voteId: number }) => v.voteId)).toEqual([cast[2]!.voteId]);
    expect(page2.nextAfter).toBeNull();

    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/export/votes?format=jsonl&rater=${pseudonym}`,
      headers: { authorization: `Bearer ${RESEARCH_TOKEN}` },
    });
    const records = exported.body.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.vote_id)).toEqual(cast.map((c) => c.voteId));
  });

  it('is for organizers only, and names an unknown rater with 404', async () => {
    t = await startTestApp();
    expect((await t.app.inject({ method: 'GET', url: '/api/raters/rater-nobody/votes' })).statusCode).toBe(401);
    const researcher = await t.app.inject({ method: 'GET', url: '/api/raters/rater-nobody/votes', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
    expect(researcher.statusCode).toBe(403);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/raters/rater-nobody/votes', headers: organizer });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('RATER_NOT_FOUND');
    const badLimit = await t.app.inject({ method: 'GET', url: '/api/raters/rater-nobody/votes?limit=0', headers: organizer });
    expect(badLimit.statusCode).toBe(400);
  });
});
