import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas/api.js';
import { TestRater } from '../helpers/rater.js';
import { dumpDb, startTestApp, TINY_SET, type TestApp, sqliteOf } from '../helpers/test-app.js';

const tinyModels = (JSON.parse(readFileSync(TINY_SET, 'utf8')) as { models: { name: string }[] }).models.map((m) => m.name);

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('GET /api/next', () => {
  it('gives a new rater a cookie and an assignment that names no model anywhere', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/next' });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/^arena_rater=[\w-]{40,}; .*HttpOnly; SameSite=Lax/);
    const everything = JSON.stringify(response.headers) + response.body;
    for (const model of tinyModels) expect(everything).not.toContain(model);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['answers', 'assignmentId', 'progress', 'question', 'status']);
    expect(Object.keys(body.answers.A)).toEqual(['turns']);
  });

  it('serves the same open assignment again on a reload', async () => {
    const rater = new TestRater(t.app);
    const first = await rater.nextAssignment();
    const again = await rater.nextAssignment();
    expect(again.assignmentId).toBe(first.assignmentId);
  });
});

describe('POST /api/votes', () => {
  it('reveals both models and moves their ratings by K/2 from 1000', async () => {
    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    const result = await rater.voteOk(assignment.assignmentId, 'A');
    expect(tinyModels).toContain(result.reveal.A);
    expect(tinyModels).toContain(result.reveal.B);
    expect(result.reveal.A).not.toBe(result.reveal.B);
    expect(result.ratings.A).toEqual({ model: result.reveal.A, before: 1000, after: 1008 });
    expect(result.ratings.B).toEqual({ model: result.reveal.B, before: 1000, after: 992 });

    const board = (await t.app.inject({ method: 'GET', url: '/api/leaderboard' })).json();
    expect(board.totalVotes).toBe(1);
    expect(board.models[0]).toEqual({ model: result.reveal.A, rating: 1008, votes: 1, wins: 1, ties: 0, losses: 0 });
    expect(board.models[1]).toEqual({ model: result.reveal.B, rating: 992, votes: 1, wins: 0, ties: 0, losses: 1 });
  });

  it('answers a repeated identical vote with the same result and counts it once', async () => {
    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    const first = await rater.vote(assignment.assignmentId, 'tie');
    const before = dumpDb(t.app);
    const second = await rater.vote(assignment.assignmentId, 'tie');
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(dumpDb(t.app)).toBe(before);
    const count = sqliteOf(t.app).prepare('select count(*) as n from votes').get() as { n: number };
    expect(count.n).toBe(1);
  });

  it('refuses a second, different vote on the same assignment with 409 and changes nothing', async () => {
    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    await rater.voteOk(assignment.assignmentId, 'A');
    const before = dumpDb(t.app);
    const response = await rater.vote(assignment.assignmentId, 'B');
    expect(response.statusCode).toBe(409);
    const body = errorBodySchema.parse(response.json());
    expect(body.error.code).toBe('ALREADY_VOTED');
    expect(body.error.details?.[0]?.field).toBe('choice');
    expect(dumpDb(t.app)).toBe(before);
  });

  it("refuses a vote on another rater's assignment with 404 and changes nothing", async () => {
    const owner = new TestRater(t.app);
    const intruder = new TestRater(t.app);
    const assignment = await owner.nextAssignment();
    await intruder.next();
    const before = dumpDb(t.app);
    const response = await intruder.vote(assignment.assignmentId, 'A');
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'ASSIGNMENT_NOT_FOUND', details: [{ field: 'assignmentId' }] });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('refuses an unknown assignment with 404 and a vote without a rater cookie with 401', async () => {
    const rater = new TestRater(t.app);
    await rater.next();
    expect((await rater.vote('no-such-assignment', 'A')).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/votes', payload: { assignmentId: 'x', choice: 'A' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('RATER_REQUIRED');
  });

  it('names every bad field of a malformed vote and changes nothing', async () => {
    const rater = new TestRater(t.app);
    await rater.next();
    const before = dumpDb(t.app);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/votes',
      headers: rater.headers(),
      payload: { assignmentId: 12, choice: 'left', extra: true },
    });
    expect(response.statusCode).toBe(400);
    const body = errorBodySchema.parse(response.json());
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.details?.map((d) => d.field).sort()).toEqual(['assignmentId', 'choice', 'extra']);
    expect(dumpDb(t.app)).toBe(before);
  });

  it('refuses malformed JSON with a 400 JSON error', async () => {
    const rater = new TestRater(t.app);
    await rater.next();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/votes',
      headers: { ...rater.headers(), 'content-type': 'application/json' },
      payload: '{"assignmentId": ',
    });
    expect(response.statusCode).toBe(400);
    expect(errorBodySchema.parse(response.json()).error.message).toMatch(/JSON/i);
  });
});

describe('errors', () => {
  it('answers an unknown API route with a JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'no route GET /api/nope' } });
  });

  it('refuses an unknown leaderboard category format naming the field', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/leaderboard?category=Not%20A%20Category' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('category');
  });
});
