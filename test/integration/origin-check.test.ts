import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRater } from '../helpers/rater.js';
import { dumpDb, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ allowedOrigins: ['https://arena.example.org'] });
});
afterAll(async () => {
  await t.close();
});

describe('the origin check on state-changing requests', () => {
  it('refuses a vote a browser sends from another site, and changes nothing', async () => {
    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    const before = dumpDb(t.app);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/votes',
        headers: { ...rater.headers(), ...headers },
        payload: { assignmentId: assignment.assignmentId, choice: 'A' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('CROSS_ORIGIN');
    }
    expect(dumpDb(t.app)).toBe(before);
  });

  it('accepts its own origin, an allowed one, and scripts that send none', async () => {
    const rater = new TestRater(t.app);
    for (const headers of [{ origin: 'http://localhost:80' }, { origin: 'https://arena.example.org' }, {}]) {
      const assignment = await rater.nextAssignment();
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/votes',
        headers: { ...rater.headers(), host: 'localhost:80', ...headers },
        payload: { assignmentId: assignment.assignmentId, choice: 'A' },
      });
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
    }
  });
});
