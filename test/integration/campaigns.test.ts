import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, dumpDb, sqliteOf, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ overlapItems: 0 });
});
afterEach(async () => {
  await t.close();
});

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const setId = () => (sqliteOf(t.app).prepare('select id from question_sets').get() as { id: number }).id;
const createCampaign = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'Pilot', setId: setId(), ...body } });
const setStatus = (id: number, status: string) =>
  t.app.inject({ method: 'PUT', url: `/api/campaigns/${id}/status`, headers: organizer, payload: { status } });

/** The model names of the pair a rater was served. */
function pairOf(assignmentId: string): string[] {
  const row = sqliteOf(t.app)
    .prepare('select ma.name as a, mb.name as b from assignments x join models ma on ma.id = x.model_a_id join models mb on mb.id = x.model_b_id where x.id = ?')
    .get(assignmentId) as { a: string; b: string };
  return [row.a, row.b].sort();
}

describe('campaigns', () => {
  it('serve only the models in play', async () => {
    const created = await createCampaign({ models: ['model-x', 'model-z'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'running', models: ['model-x', 'model-z'], cells: 4, votes: 0 });
    const rater = new TestRater(t.app);
    for (let i = 0; i < 4; i++) {
      const assignment = await rater.nextAssignment();
      expect(pairOf(assignment.assignmentId)).toEqual(['model-x', 'model-z']);
      await rater.voteOk(assignment.assignmentId, 'A');
    }
    expect((await rater.next()).status).toBe('finished');
  });

  it('stop serving a cell at its target and a rater at their quota', async () => {
    const campaign = (await createCampaign({ models: ['model-x', 'model-y'], targetVotesPerCell: 1, raterQuota: 3 })).json();
    const first = new TestRater(t.app);
    for (let i = 0; i < 3; i++) await first.voteOk((await first.nextAssignment()).assignmentId, 'B');
    // Quota of 3 reached, though one cell is left.
    expect((await first.next()).status).toBe('finished');
    const second = new TestRater(t.app);
    await second.voteOk((await second.nextAssignment()).assignmentId, 'tie');
    // Every cell now has its one vote: nothing is left below the target.
    expect((await new TestRater(t.app).next()).status).toBe('finished');
    const listed = (await t.app.inject({ method: 'GET', url: '/api/campaigns', headers: organizer })).json().campaigns;
    expect(listed).toEqual([expect.objectContaining({ id: campaign.id, cells: 4, cellsAtTarget: 4, votes: 4 })]);
  });

  it('pause, resume and finish: raters are told, and nothing is served meanwhile', async () => {
    const campaign = (await createCampaign({})).json();
    const rater = new TestRater(t.app);
    expect((await setStatus(campaign.id, 'paused')).json().status).toBe('paused');
    expect(await rater.next()).toMatchObject({ status: 'closed', reason: 'paused' });
    await setStatus(campaign.id, 'running');
    expect((await rater.next()).status).toBe('assigned');
    await setStatus(campaign.id, 'finished');
    expect(await rater.next()).toMatchObject({ status: 'closed', reason: 'finished' });
  });

  it('refuse unknown models, sets and campaigns, naming the field, and change nothing', async () => {
    const before = dumpDb(t.app);
    const unknownModel = await createCampaign({ models: ['model-x', 'gpt-9'] });
    expect(unknownModel.statusCode).toBe(400);
    expect(unknownModel.json().error.details).toEqual([{ field: 'models', reason: 'not in the set: gpt-9' }]);
    const unknownSet = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'x', setId: 999 } });
    expect(unknownSet.statusCode).toBe(404);
    expect((await setStatus(999, 'paused')).statusCode).toBe(404);
    expect(dumpDb(t.app)).toBe(before);
  });
});

describe('invite-only campaigns', () => {
  it('serve only raters who joined through an invite; a single-use link works once', async () => {
    const campaign = (await createCampaign({ inviteOnly: true })).json();
    expect(campaign.inviteOnly).toBe(true);
    const invite = await t.app.inject({ method: 'POST', url: `/api/campaigns/${campaign.id}/invites`, headers: organizer, payload: { maxUses: 1 } });
    expect(invite.statusCode).toBe(201);
    const { code, link } = invite.json();
    expect(link).toBe(`/?invite=${code}`);
    expect(JSON.stringify(sqliteOf(t.app).prepare('select * from invites').all())).not.toContain(code);

    const outsider = new TestRater(t.app);
    expect((await outsider.next()).status).toBe('finished');

    const invited = new TestRater(t.app);
    const accept = (rater: TestRater) =>
      t.app.inject({ method: 'POST', url: '/api/invites/accept', headers: rater.headers(), payload: { code } });
    const joined = await accept(invited);
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toEqual({ campaign: 'Pilot' });
    invited.cookie = String(joined.headers['set-cookie']).split(';')[0];
    expect((await invited.next()).status).toBe('assigned');
    // Opening the same link again is fine for the one who joined; for anyone else it is used up.
    expect((await accept(invited)).statusCode).toBe(200);
    const late = await accept(outsider);
    expect(late.statusCode).toBe(404);
    expect(late.json().error.code).toBe('INVITE_NOT_FOUND');
    expect((await outsider.next()).status).toBe('finished');
  });
});
