import { afterEach, describe, expect, it } from 'vitest';
import { RESEARCH_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const auth = { authorization: `Bearer ${RESEARCH_TOKEN}` };
const analyze = (app: TestApp['app'], csv: string, query: string) =>
  app.inject({ method: 'POST', url: `/api/research/analyze${query}`, headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });

/** A log of `votes` votes among `models` models, the same every run. */
function csvLog(models: number, votes: number): string {
  let state = 11;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = ['model_a,model_b,winner'];
  for (let i = 0; i < votes; i++) {
    const a = Math.floor(random() * models);
    const b = (a + 1 + Math.floor(random() * (models - 1))) % models;
    rows.push(`m${a},m${b},${['model_a', 'model_b', 'tie'][Math.floor(random() * 3)]}`);
  }
  return rows.join('\n') + '\n';
}

describe('the report worker', () => {
  it('keeps answering other requests while a long analysis runs', async () => {
    t = await startTestApp();
    let finished = false;
    const long = analyze(t.app, csvLog(150, 3000), '?rounds=60').then((response) => {
      finished = true;
      return response;
    });
    // Each of the 60 bootstrap rounds refits 150 models: the event loop stays free for the health check meanwhile.
    await new Promise((wait) => setTimeout(wait, 200));
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(finished).toBe(false);
    const report = (await long).json();
    expect(report.source).toEqual({ format: 'csv', votes: 3000, excludedVotes: 0 });
    expect(report.ratings.bradleyTerry.models).toHaveLength(150);
  });

  it('refuses a log too large for its heap with 413, and analyzes the next one', async () => {
    t = await startTestApp({ reportHeapLimitMb: 64, uploadLimitBytes: 50 * 1024 * 1024 });
    const tooLarge = await analyze(t.app, csvLog(20, 600_000), '?rounds=0');
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('TOO_LARGE_TO_ANALYZE');
    const next = await analyze(t.app, csvLog(5, 100), '?rounds=10');
    expect(next.statusCode).toBe(200);
    expect(next.json().source.votes).toBe(100);
  });
});
