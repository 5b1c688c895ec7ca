import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisReportSchema, consistencyReportSchema, heatmapReportSchema, raterReportSchema, ratingsReportSchema } from '../../shared/schemas/research.js';
import { seededRandom } from '../helpers/random.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const auth = { authorization: `Bearer ${RESEARCH_TOKEN}` };
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth });

beforeAll(async () => {
  // Every rater gets the two overlap items first (every second item), so raters share items to agree on.
  t = await startTestApp({ overlapItems: 2, overlapEvery: 2 });
  const random = seededRandom(9);
  const choices = ['A', 'B', 'tie'] as const;
  for (let r = 0; r < 6; r++) {
    const rater = new TestRater(t.app);
    for (let i = 0; i < 6; i++) {
      const assignment = await rater.nextAssignment();
      await rater.voteOk(assignment.assignmentId, choices[Math.floor(random() * 3)]!);
    }
  }
});
afterAll(async () => {
  await t.close();
});

describe('research analyses of the arena log', () => {
  it('reports Elo equal to the live leaderboard, Bradley–Terry with intervals and ranks, and prediction scores', async () => {
    const response = await get('/api/research/ratings?rounds=200&seed=3');
    expect(response.statusCode).toBe(200);
    const report = ratingsReportSchema.parse(response.json());
    expect(report.votes).toBe(36);
    const board = (await t.app.inject({ method: 'GET', url: '/api/leaderboard' })).json();
    for (const row of board.models) {
      expect(report.elo.models.find((m) => m.model === row.model)?.rating).toBeCloseTo(row.rating, 9);
    }
    expect(report.bradleyTerry.models).toHaveLength(3);
    for (const model of report.bradleyTerry.models) {
      expect(model.lower).not.toBeNull();
      expect(model.lower!).toBeLessThanOrEqual(model.upper!);
      expect(model.rank).toBeGreaterThanOrEqual(1);
    }
    const mean = report.bradleyTerry.models.reduce((s, m) => s + m.rating, 0) / 3;
    expect(mean).toBeCloseTo(1000, 6);
    expect(report.prediction.online.brier).toBeGreaterThan(0);
    // The same seed gives the same intervals.
    const again = ratingsReportSchema.parse((await get('/api/research/ratings?rounds=200&seed=3')).json());
    expect(again.bradleyTerry).toEqual(report.bradleyTerry);
  });

  it('gives heatmaps for every ordered pair, as JSON and as CSV', async () => {
    const report = heatmapReportSchema.parse((await get('/api/research/heatmap')).json());
    expect(report.models).toHaveLength(3);
    expect(report.cells).toHaveLength(6);
    const battles = report.cells.reduce((sum, c) => sum + c.battles, 0);
    expect(battles).toBe(72); // each vote counts in (row, col) and (col, row)
    const csv = await get('/api/research/heatmap?format=csv&ties=exclude');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[0]).toBe('row_model,col_model,battles,ties,observed,predicted,residual');
  });

  it('measures consistency on the overlap items every rater judged', async () => {
    const report = consistencyReportSchema.parse((await get('/api/research/consistency?rounds=100')).json());
    expect(report.randomBaseline).toBeCloseTo(5 / 9, 12);
    // 2 overlap items × C(6, 2) rater pairs.
    expect(report.overlap).toMatchObject({ pairs: 30, items: 2 });
    expect(report.overall.pairs).toBeGreaterThanOrEqual(30);
    expect(report.overall.lower!).toBeLessThanOrEqual(report.overall.value!);
    expect(report.byRater).toHaveLength(6);
    expect(report.alpha.method).toBe('krippendorff-ordinal');
  });

  it('diagnoses every rater', async () => {
    const report = raterReportSchema.parse((await get('/api/research/raters')).json());
    expect(report.raters).toHaveLength(6);
    for (const rater of report.raters) expect(rater.votes).toBe(6);
  });

  it('refuses analyses without a token', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/research/ratings' });
    expect(response.statusCode).toBe(401);
  });
});

describe('POST /api/research/analyze', () => {
  const analyze = (body: string, contentType: string, query = '') =>
    t.app.inject({ method: 'POST', url: `/api/research/analyze${query}`, headers: { ...auth, 'content-type': contentType }, payload: body });

  it("reproduces the MT-Bench paper's expert agreement from its published votes", async () => {
    const csv = readFileSync(join(import.meta.dirname, '../fixtures/mt_bench_human/mt_bench_human.csv'), 'utf8');
    const response = await analyze(csv, 'text/csv', '?rounds=0');
    expect(response.statusCode).toBe(200);
    const report = analysisReportSchema.parse(response.json());
    expect(report.source).toEqual({ format: 'csv', votes: 3355, excludedVotes: 0 });
    expect(report.ratings.elo.models).toHaveLength(6);
    expect(report.heatmap.cells).toHaveLength(30);
    expect(report.consistency.s1.pairs).toBeGreaterThan(0);
  });

  it('reads the arena’s own Chatbot Arena export back', async () => {
    const exported = await get('/api/export/votes?format=arena');
    const report = analysisReportSchema.parse((await analyze(exported.body, 'application/json', '?rounds=0')).json());
    expect(report.source).toEqual({ format: 'arena', votes: 36, excludedVotes: 0 });
    const own = ratingsReportSchema.parse((await get('/api/research/ratings?rounds=0')).json());
    expect(report.ratings.elo.models.map((m) => [m.model, m.rating])).toEqual(own.elo.models.map((m) => [m.model, m.rating]));
  });

  it('names the line and field of every problem in a broken log', async () => {
    const response = await analyze('model_a,model_b,winner\nx,y,model_a\nx,y,maybe\n', 'text/csv');
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('INVALID_VOTE_LOG');
    expect(error.details).toEqual([{ field: 'winner', reason: expect.stringContaining('maybe'), line: 3 }]);
  });
});

describe("analysis of the arena's own exports", () => {
  it('reads the CSV and JSONL exports back as the arena reports them, an excluded rater left out, and the battles without them', async () => {
    const own = await startTestApp({ overlapItems: 2, overlapEvery: 2 });
    const as = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, contentType?: string) =>
      own.app.inject({ method, url, payload: payload as string, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) } });
    try {
      const random = seededRandom(5);
      const choices = ['A', 'B', 'tie'] as const;
      const raters = Array.from({ length: 5 }, () => new TestRater(own.app));
      for (const rater of raters) {
        for (let i = 0; i < 6; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, choices[Math.floor(random() * 3)]!);
      }
      const pseudonym = (await own.app.inject({ method: 'GET', url: '/api/me', headers: raters[0]!.headers() })).json().pseudonym as string;
      expect((await as('PUT', `/api/raters/${pseudonym}/exclusion`, { excluded: true })).statusCode).toBe(200);
      const ratings = ratingsReportSchema.parse((await as('GET', '/api/research/ratings?rounds=0')).json());
      const consistency = consistencyReportSchema.parse((await as('GET', '/api/research/consistency?rounds=0')).json());
      const eloOf = (report: { elo: { models: { model: string; rating: number }[] } }) => report.elo.models.map((m) => [m.model, m.rating]);

      for (const [format, contentType] of [['csv', 'text/csv'], ['jsonl', 'application/x-ndjson']] as const) {
        const exported = (await as('GET', `/api/export/votes?format=${format}`)).body;
        const report = analysisReportSchema.parse((await as('POST', '/api/research/analyze?rounds=0', exported, contentType)).json());
        expect(report.source, format).toEqual({ format, votes: 24, excludedVotes: 6 });
        expect(eloOf(report.ratings), format).toEqual(eloOf(ratings));
        expect(report.consistency.overall.value, format).toBe(consistency.overall.value);
        expect(report.consistency.overall.pairs, format).toBe(consistency.overall.pairs);
        expect(report.raters.raters.map((r) => r.rater).sort(), format).not.toContain(pseudonym);
      }
      const battles = (await as('GET', '/api/export/votes?format=arena')).json() as { judge: string }[];
      expect(battles).toHaveLength(24);
      expect(battles.map((b) => b.judge)).not.toContain(pseudonym);
    } finally {
      await own.close();
    }
  });
});
