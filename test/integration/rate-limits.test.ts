import { afterEach, describe, expect, it } from 'vitest';
import { TestRater } from '../helpers/rater.js';
import { dumpDb, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('rate limits', () => {
  it('refuse a rater past the per-rater limit with 429, Retry-After and the usual error body, changing nothing', async () => {
    t = await startTestApp({ rateLimits: { perIp: 1000, perRater: 4, uploadsPerIp: 2 } });
    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    // Each limited route counts on its own: four votes (repeats of one, which are idempotent) pass, the fifth does not.
    for (let i = 0; i < 4; i++) expect((await rater.vote(assignment.assignmentId, 'A')).statusCode).toBe(200);
    const before = dumpDb(t.app);
    const refused = await t.app.inject({ method: 'POST', url: '/api/votes', headers: rater.headers(), payload: { assignmentId: assignment.assignmentId, choice: 'A' } });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/at most 4 a minute/) });
    expect(dumpDb(t.app)).toBe(before);
    // Another rater on the same address still gets items.
    expect((await t.app.inject({ method: 'GET', url: '/api/next' })).statusCode).toBe(200);
  });

  it('limit items and votes per address too, so a new cookie with every request does not escape the limits', async () => {
    t = await startTestApp({ rateLimits: { perIp: 3, perRater: 100, uploadsPerIp: 2 } });
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const next = await t.app.inject({ method: 'GET', url: '/api/next', headers: { cookie: `arena_rater=made-up-${i}` } });
      codes.push(next.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it("count each client behind a trusted proxy by its forwarded address, and ignore that header from anyone else", async () => {
    const asClient = (app: TestApp['app'], address: string) =>
      app.inject({ method: 'GET', url: '/api/leaderboard', headers: { 'x-forwarded-for': address } });
    t = await startTestApp({ rateLimits: { perIp: 2, perRater: 100, uploadsPerIp: 2 }, trustProxy: 1 });
    const first = [await asClient(t.app, '203.0.113.1'), await asClient(t.app, '203.0.113.1'), await asClient(t.app, '203.0.113.1')];
    expect(first.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect((await asClient(t.app, '203.0.113.2')).statusCode).toBe(200);
    await t.close();
    // Not behind a proxy: the header is the client's own claim, and every request counts against the connection.
    t = await startTestApp({ rateLimits: { perIp: 2, perRater: 100, uploadsPerIp: 2 } });
    const spoofed = [await asClient(t.app, '203.0.113.1'), await asClient(t.app, '203.0.113.2'), await asClient(t.app, '203.0.113.3')];
    expect(spoofed.map((r) => r.statusCode)).toEqual([200, 200, 429]);
  });

  it('limit every API route per address', async () => {
    t = await startTestApp({ rateLimits: { perIp: 3, perRater: 100, uploadsPerIp: 2 } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/leaderboard' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
  });
});
