import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../server/services/vote-export.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const cast: { voteId: number; modelA: string; modelB: string; choice: string; category: string }[] = [];
const auth = { authorization: `Bearer ${RESEARCH_TOKEN}` };

beforeAll(async () => {
  t = await startTestApp();
  const raters = [new TestRater(t.app), new TestRater(t.app)];
  const choices = ['A', 'B', 'tie'] as const;
  for (let i = 0; i < 9; i++) {
    const rater = raters[i % 2]!;
    const assignment = await rater.nextAssignment();
    const result = await rater.voteOk(assignment.assignmentId, choices[i % 3]!);
    cast.push({ voteId: result.voteId, modelA: result.reveal.A, modelB: result.reveal.B, choice: choices[i % 3]!, category: assignment.question.category });
  }
});
afterAll(async () => {
  await t.close();
});

const exportUrl = (query: string) => `/api/export/votes?${query}`;

describe('GET /api/export/votes', () => {
  it('refuses a request without a token (401) and with a wrong one (403)', async () => {
    const none = await t.app.inject({ method: 'GET', url: exportUrl('format=csv') });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('TOKEN_REQUIRED');
    const wrong = await t.app.inject({ method: 'GET', url: exportUrl('format=csv'), headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(403);
  });

  it('accepts the organizer token as well as the researcher token', async () => {
    const response = await t.app.inject({ method: 'GET', url: exportUrl('format=jsonl'), headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
  });

  it('writes CSV with one row per vote in commit order', async () => {
    const response = await t.app.inject({ method: 'GET', url: exportUrl('format=csv'), headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="votes.csv"');
    const [header, ...rows] = response.body.trimEnd().split('\r\n');
    expect(header).toBe('vote_id,timestamp,rater,question_id,question_set,question_set_version,category,model_a,model_b,winner,overlap,time_ms,rater_excluded');
    expect(rows).toHaveLength(9);
    rows.forEach((row, i) => {
      const fields = row.split(',');
      const vote = cast[i]!;
      expect(Number(fields[0])).toBe(vote.voteId);
      expect(fields[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(fields[2]).toMatch(/^rater-/);
      expect(fields.slice(4, 6)).toEqual(['tiny', '1']);
      expect(fields.slice(6, 10)).toEqual([
        vote.category,
        vote.modelA,
        vote.modelB,
        { A: 'model_a', B: 'model_b', tie: 'tie' }[vote.choice],
      ]);
      expect(['true', 'false']).toContain(fields[10]);
      expect(Number(fields[11])).toBeGreaterThanOrEqual(0);
      expect(fields[12]).toBe('false');
    });
  });

  it('writes JSONL and Chatbot Arena battles with the same votes', async () => {
    const jsonl = await t.app.inject({ method: 'GET', url: exportUrl('format=jsonl'), headers: auth });
    const records = jsonl.body.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.vote_id)).toEqual(cast.map((v) => v.voteId));
    const arena = await t.app.inject({ method: 'GET', url: exportUrl('format=arena'), headers: auth });
    const battles = JSON.parse(arena.body);
    expect(battles).toHaveLength(9);
    expect(Object.keys(battles[0]).sort()).toEqual(['anony', 'judge', 'model_a', 'model_b', 'question_id', 'tstamp', 'winner']);
    expect(battles[0]).toMatchObject({ model_a: cast[0]!.modelA, model_b: cast[0]!.modelB, winner: 'model_a', anony: true });
    expect(typeof battles[0].tstamp).toBe('number');
  });

  it('filters by category and time and writes an empty arena file as []', async () => {
    const category = cast[0]!.category;
    const byCategory = await t.app.inject({ method: 'GET', url: exportUrl(`format=jsonl&category=${category}`), headers: auth });
    const ids = byCategory.body.trimEnd().split('\n').map((line) => JSON.parse(line).vote_id);
    expect(ids).toEqual(cast.filter((v) => v.category === category).map((v) => v.voteId));
    const future = await t.app.inject({ method: 'GET', url: exportUrl('format=arena&from=2999-01-01T00:00:00Z'), headers: auth });
    expect(JSON.parse(future.body)).toEqual([]);
    const past = await t.app.inject({ method: 'GET', url: exportUrl('format=jsonl&to=2000-01-01T00:00:00%2B01:00'), headers: auth });
    expect(past.body).toBe('');
  });

  it('names a bad format or date', async () => {
    const response = await t.app.inject({ method: 'GET', url: exportUrl('format=xml&from=yesterday'), headers: auth });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['format', 'from']);
  });
});

describe('csvField', () => {
  it('quotes fields with commas, quotes or line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(12)).toBe('12');
  });
});
