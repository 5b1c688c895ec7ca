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
    expect(roles.get('GET /api/export/votes')).toBe('researcher');
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
    const guarded = t.app.routeRoles.filter((r) => r.method === 'GET' && (r.role === 'organizer' || r.role === 'researcher'));
    expect(guarded.map((r) => r.url)).toContain('/api/progress/live');
    for (const { url } of guarded) {
      await expect(t.app.injectWS(url.replace(/:(\w+)/g, 'x')), url).rejects.toThrow('Unexpected server response: 401');
    }
  });

  it('refuses every researcher route without a token (401) or with a wrong one (403), and accepts the organizer token', async () => {
    const researchRoutes = t.app.routeRoles.filter((r) => r.role === 'researcher');
    expect(researchRoutes.length).toBeGreaterThan(0);
    for (const { method, url } of researchRoutes) {
      expect((await call(method, url)).statusCode, `${method} ${url}`).toBe(401);
      expect((await call(method, url, { authorization: 'Bearer wrong-token-of-some-length' })).statusCode).toBe(403);
      const asOrganizer = await call(method, url, { authorization: `Bearer ${ADMIN_TOKEN}` });
      expect([401, 403], `${method} ${url}`).not.toContain(asOrganizer.statusCode);
    }
  });
});
