import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, dumpDb, RESEARCH_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.ready();
});
afterAll(async () => {
  await t.close();
});

const call = (method: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: method as 'GET', url: url.replace(/:(\w+)/g, 'x'), headers, payload: method === 'GET' ? undefined : '{}' });

describe('every API route states its role, and the server enforces it', () => {
  it('knows every route with its role', () => {
    const roles = new Map(t.app.routeRoles.map((r) => [`${r.method} ${r.url}`, r.role]));
    expect(roles.get('GET /api/health')).toBe('public');
    expect(roles.get('GET /api/next')).toBe('rater');
    expect(roles.get('POST /api/question-sets')).toBe('organizer');
    expect(roles.get('GET /api/export/votes')).toBe('researcher-token');
    expect(roles.get('GET /api/research/ratings')).toBe('researcher');
    expect(roles.get('GET /api/question-sets/:id/export')).toBe('researcher-token');
    expect(roles.get('GET /api/progress')).toBe('organizer');
    expect(roles.get('GET /api/progress/live')).toBe('organizer');
    expect(t.app.routeRoles.length).toBeGreaterThanOrEqual(15);
  });

  it('refuses every organizer route without a token (401) and with the researcher token (403), changing nothing', async () => {
    const before = dumpDb(t.app);
    const organizerRoutes = t.app.routeRoles.filter((r) => r.role === 'organizer');
    expect(organizerRoutes.length).toBeGreaterThan(0);
    for (const { method, url } of organizerRoutes) {
      expect((await call(method, url)).statusCode, `${method} ${url}`).toBe(401);
      expect((await call(method, url, { authorization: `Bearer ${RESEARCH_TOKEN}` })).statusCode, `${method} ${url}`).toBe(403);
      expect((await call(method, url, { authorization: 'Bearer wrong-token-of-some-length' })).statusCode).toBe(403);
    }
    expect(dumpDb(t.app)).toBe(before);
  });

  it('refuses a WebSocket upgrade of every organizer and researcher GET route without a token (401)', async () => {
    const guarded = t.app.routeRoles.filter((r) => r.method === 'GET' && ['organizer', 'researcher', 'researcher-token'].includes(r.role));
    expect(guarded.map((r) => r.url)).toContain('/api/progress/live');
    for (const { url } of guarded) {
      await expect(t.app.injectWS(url.replace(/:(\w+)/g, 'x')), url).rejects.toThrow('Unexpected server response: 401');
    }
  });

  it('refuses every researcher route without a token (401) or with a wrong one (403), and accepts the organizer token', async () => {
    const researchRoutes = t.app.routeRoles.filter((r) => r.role === 'researcher' || r.role === 'researcher-token');
    expect(researchRoutes.length).toBeGreaterThan(0);
    for (const { method, url } of researchRoutes) {
      expect((await call(method, url)).statusCode, `${method} ${url}`).toBe(401);
      expect((await call(method, url, { authorization: 'Bearer wrong-token-of-some-length' })).statusCode).toBe(403);
      const asOrganizer = await call(method, url, { authorization: `Bearer ${ADMIN_TOKEN}` });
      expect([401, 403], `${method} ${url}`).not.toContain(asOrganizer.statusCode);
    }
  });
});

describe('with ARENA_RESULTS_PUBLIC', () => {
  it('opens the researcher routes to anyone, but not the answers by model or the vote log, which would name models before a vote', async () => {
    const open = await startTestApp({ roles: { adminToken: ADMIN_TOKEN, researchToken: RESEARCH_TOKEN, resultsPublic: true } });
    try {
      const asAnyone = (method: string, url: string) =>
        open.app.inject({ method: method as 'GET', url: url.replace(/:(\w+)/g, '1'), payload: method === 'GET' ? undefined : '{}' });
      expect((await asAnyone('GET', '/api/research/ratings?rounds=0')).statusCode).toBe(200);
      const tokenOnly = open.app.routeRoles.filter((r) => r.role === 'researcher-token');
      expect(tokenOnly.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/question-sets/:id/export', '/api/export/votes']));
      for (const { method, url } of tokenOnly) expect((await asAnyone(method, url)).statusCode, `${method} ${url}`).toBe(401);
      const withToken = await open.app.inject({ method: 'GET', url: '/api/question-sets/1/export', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
      expect(withToken.statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});
