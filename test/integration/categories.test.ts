import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, startTestApp, TINY_SET, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ overlapItems: 0 });
});
afterEach(async () => {
  await t.close();
});

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const categories = async () => (await t.app.inject({ method: 'GET', url: '/api/categories' })).json().categories;
const upload = (file: object) => t.app.inject({ method: 'POST', url: '/api/question-sets', headers: organizer, payload: file });

describe('GET /api/categories', () => {
  it("lists the active sets' categories in the study's order, with their questions, to anyone", async () => {
    expect(await categories()).toEqual([
      { id: 'daily_qa', name: 'Daily Q&A', questions: 1 },
      { id: 'writing', name: 'Writing', questions: 1 },
      { id: 'programming', name: 'Programming', questions: 1 },
      { id: 'math', name: 'Math', questions: 1 },
    ]);
  });

  it("names a set's own categories as declared, and keeps listing a category with votes after a new version drops it", async () => {
    const tiny = JSON.parse(readFileSync(TINY_SET, 'utf8'));
    tiny.categories = [{ id: 'roleplay', name: 'Role play' }];
    tiny.questions[0].category = 'roleplay';
    expect((await upload(tiny)).statusCode).toBe(201);
    expect(await categories()).toContainEqual({ id: 'roleplay', name: 'Role play', questions: 1 });
    const rater = new TestRater(t.app);
    for (let i = 0; i < 12; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
    expect((await t.app.inject({ method: 'GET', url: '/api/leaderboard?category=roleplay' })).json().totalVotes).toBe(3);

    tiny.categories = [];
    tiny.questions[0].category = 'math';
    tiny.questions[0].turns[0] += ' (revised)';
    expect((await upload(tiny)).statusCode).toBe(201);
    const listed = await categories();
    expect(listed.at(-1)).toEqual({ id: 'roleplay', name: 'Role play', questions: 0 });
    expect(listed).toContainEqual({ id: 'math', name: 'Math', questions: 1 });
  });
});
