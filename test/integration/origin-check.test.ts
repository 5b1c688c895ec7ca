import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, dumpDb, startTestApp, type TestApp } from '../helpers/test-app.js';

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

describe('the origin check on WebSockets behind a sign-in', () => {
  it('refuses live progress to a page of another origin riding on the organizer session, and serves its own', async () => {
    const signIn = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const open = (origin: string) => t.app.injectWS('/api/progress/live', { headers: { cookie, origin, host: 'localhost:80' } });
    await expect(open('https://blog.localhost:80')).rejects.toThrow('Unexpected server response: 403');
    await expect(open('http://localhost:81')).rejects.toThrow('Unexpected server response: 403');
    for (const origin of ['http://localhost:80', 'https://arena.example.org']) {
      const socket = await open(origin);
      socket.terminate();
    }
  });
});
