import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, dumpDb, sqliteOf, startTestApp, TINY_SET, type TestApp } from '../helpers/test-app.js';

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
    const campaign = (await createCampaign({ models: ['model-x', 'model-y'], targetVotesPerCell: 1, raterQuota: 3, overlapItems: 0 })).json();
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

  it("count a rater's quota in the campaign only: not items from before it, nor another campaign's", async () => {
    const rater = new TestRater(t.app);
    // Three items before any campaign exists.
    for (let i = 0; i < 3; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
    const pilot = (await createCampaign({ name: 'Pilot', raterQuota: 2 })).json();
    for (let i = 0; i < 2; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'B');
    expect((await rater.next()).status).toBe('finished');
    await setStatus(pilot.id, 'finished');
    await new Promise((wait) => setTimeout(wait, 5));
    await createCampaign({ name: 'Main', raterQuota: 3 });
    for (let i = 0; i < 3; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'tie');
    expect((await rater.next()).status).toBe('finished');
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

  it('draw their own overlap items among their models and serve them to every rater, past the target', async () => {
    const campaign = (await createCampaign({ models: ['model-x', 'model-z'], overlapItems: 2, targetVotesPerCell: 1 })).json();
    expect(campaign.overlapItems).toBe(2);
    const overlap = sqliteOf(t.app)
      .prepare('select c.id, c.question_id as questionId from campaign_overlap_cells o join cells c on c.id = o.cell_id where o.campaign_id = ?')
      .all(campaign.id) as { id: number; questionId: number }[];
    expect(overlap).toHaveLength(2);
    expect(new Set(overlap.map((cell) => cell.questionId)).size).toBe(2);
    const cellOf = (assignmentId: string) =>
      (sqliteOf(t.app).prepare('select cell_id as id, is_overlap as isOverlap from assignments where id = ?').get(assignmentId) as {
        id: number;
        isOverlap: number;
      });

    const first = new TestRater(t.app);
    const firstCells: { id: number; isOverlap: number }[] = [];
    for (let next = await first.next(); next.status === 'assigned'; next = await first.next()) {
      expect(pairOf(next.assignmentId)).toEqual(['model-x', 'model-z']);
      expect(next.progress.overlapTotal).toBe(2);
      firstCells.push(cellOf(next.assignmentId));
      await first.voteOk(next.assignmentId, 'A');
    }
    // Four cells (x-z on four questions); an overlap item first and every second item while they last.
    expect(firstCells.map((cell) => cell.isOverlap)).toEqual([1, 0, 1, 0]);
    expect(firstCells.filter((cell) => cell.isOverlap === 1).map((cell) => cell.id).sort()).toEqual(overlap.map((cell) => cell.id).sort());

    // Every cell has reached the target of one vote, but the overlap items still go to each new rater.
    const second = new TestRater(t.app);
    const secondCells: number[] = [];
    for (let next = await second.next(); next.status === 'assigned'; next = await second.next()) {
      secondCells.push(cellOf(next.assignmentId).id);
      await second.voteOk(next.assignmentId, 'B');
    }
    expect(secondCells.sort()).toEqual(overlap.map((cell) => cell.id).sort());
    const overlapVotes = sqliteOf(t.app).prepare('select count(*) as n from votes where is_overlap = 1').get() as { n: number };
    expect(overlapVotes.n).toBe(4);
  });

  it('refuse more overlap items than the set has questions, naming the field, and change nothing', async () => {
    const before = dumpDb(t.app);
    const tooMany = await createCampaign({ overlapItems: 5 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details).toEqual([{ field: 'overlapItems', reason: 'at most 4, one per question' }]);
    expect(dumpDb(t.app)).toBe(before);
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

  it('refuse a model named twice and ids beyond a database integer, naming the field, and change nothing', async () => {
    const before = dumpDb(t.app);
    const twice = await createCampaign({ models: ['model-x', 'model-x'] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details).toEqual([{ field: 'models', reason: 'names a model more than once' }]);
    const hugeSet = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'x', setId: 3_000_000_000 } });
    expect(hugeSet.statusCode).toBe(400);
    expect(hugeSet.json().error.details[0].field).toBe('setId');
    const hugeId = await setStatus(3_000_000_000, 'paused');
    expect(hugeId.statusCode).toBe(400);
    expect(hugeId.json().error.details[0].field).toBe('id');
    expect(dumpDb(t.app)).toBe(before);
  });

  it('pause when a new version of their set replaces it, and cannot resume or start on the archived version', async () => {
    const campaign = (await createCampaign({})).json();
    const oldSetId = campaign.setId;
    const changed = JSON.parse(readFileSync(TINY_SET, 'utf8'));
    changed.questions[0].turns[0] += ' (revised)';
    const upload = await t.app.inject({ method: 'POST', url: '/api/question-sets', headers: organizer, payload: changed });
    expect(upload.statusCode).toBe(201);
    expect(upload.json()).toMatchObject({ created: true, pausedCampaigns: 1, set: { version: 2 } });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/campaigns', headers: organizer })).json().campaigns;
    expect(listed).toEqual([expect.objectContaining({ id: campaign.id, status: 'paused' })]);
    // Serving its stale items would make every vote a 410.
    expect(await new TestRater(t.app).next()).toMatchObject({ status: 'closed', reason: 'paused' });

    const before = dumpDb(t.app);
    const resumed = await setStatus(campaign.id, 'running');
    expect(resumed.statusCode).toBe(409);
    expect(resumed.json().error).toMatchObject({ code: 'SET_ARCHIVED', details: [expect.objectContaining({ field: 'status' })] });
    const onArchived = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'Old', setId: oldSetId } });
    expect(onArchived.statusCode).toBe(409);
    expect(onArchived.json().error).toMatchObject({ code: 'SET_ARCHIVED', details: [expect.objectContaining({ field: 'setId' })] });
    expect(dumpDb(t.app)).toBe(before);

    const onCurrent = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'Revised', setId: upload.json().set.id } });
    expect(onCurrent.statusCode).toBe(201);
    const rater = new TestRater(t.app);
    await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
  });
});

describe('an item left open when its campaign stops', () => {
  it('is not served again while the campaign is paused: the rater gets what runs now, and a vote on it still counts', async () => {
    const first = (await createCampaign({ name: 'x and y', models: ['model-x', 'model-y'] })).json();
    const rater = new TestRater(t.app);
    const open = await rater.nextAssignment();
    expect(pairOf(open.assignmentId)).toEqual(['model-x', 'model-y']);
    await setStatus(first.id, 'paused');
    await createCampaign({ name: 'y and z', models: ['model-y', 'model-z'] });

    const next = await rater.nextAssignment();
    expect(next.assignmentId).not.toBe(open.assignmentId);
    expect(pairOf(next.assignmentId)).toEqual(['model-y', 'model-z']);
    // A reload shows the new item, not the old one.
    expect((await rater.nextAssignment()).assignmentId).toBe(next.assignmentId);
    await rater.voteOk(open.assignmentId, 'A');
    await rater.voteOk(next.assignmentId, 'B');
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
    expect(await outsider.next()).toMatchObject({ status: 'closed', reason: 'invite_only' });

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
    expect(await outsider.next()).toMatchObject({ status: 'closed', reason: 'invite_only' });
  });
});
