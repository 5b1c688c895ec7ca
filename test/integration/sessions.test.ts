import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { RoleTokens } from '../../server/plugins/roles.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, startTestApp, testConfig, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

async function signIn(token: string) {
  const response = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token } });
  const cookie = String(response.headers['set-cookie'] ?? '').split(';')[0]!;
  return { response, cookie };
}

describe('sign-in sessions', () => {
  it('trade the organizer token for a same-site, HttpOnly cookie that works on organizer routes until sign-out', async () => {
    const { response, cookie } = await signIn(ADMIN_TOKEN);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ role: 'organizer' });
    expect(String(response.headers['set-cookie'])).toMatch(/^arena_session=[\w-]{40,}; Max-Age=43200; Path=\/api; HttpOnly; SameSite=Strict/);
    expect((await t.app.inject({ method: 'GET', url: '/api/raters', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json()).toEqual({ role: 'organizer' });
    const stored = JSON.stringify(t.app.arenaDb.kind === 'sqlite' ? t.app.arenaDb.sqlite.prepare('select * from sessions').all() : []);
    expect(stored).not.toContain(cookie.split('=')[1]);

    await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/raters', headers: { cookie } })).statusCode).toBe(401);
  });

  it('give a researcher session the research routes but not the organizer ones', async () => {
    const { response, cookie } = await signIn(RESEARCH_TOKEN);
    expect(response.json()).toEqual({ role: 'researcher' });
    expect((await t.app.inject({ method: 'GET', url: '/api/research/raters', headers: { cookie } })).statusCode).toBe(200);
    const organizerOnly = await t.app.inject({ method: 'GET', url: '/api/raters', headers: { cookie } });
    expect(organizerOnly.statusCode).toBe(403);
  });

  it('refuse a wrong token with 403 naming the token, and set no cookie', async () => {
    const { response } = await signIn('not-a-token-of-this-arena');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toEqual([{ field: 'token', reason: 'not an organizer or research token' }]);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('end after 12 hours', async () => {
    await t.close();
    let now = Date.parse('2026-11-23T08:00:00Z');
    t = await startTestApp({}, { now: () => new Date(now) });
    const { cookie } = await signIn(ADMIN_TOKEN);
    now += 12 * 3600_000 + 1000;
    expect((await t.app.inject({ method: 'GET', url: '/api/raters', headers: { cookie } })).statusCode).toBe(401);
  });

  it('end when the token they were traded for changes or goes, and outlive a restart with the same tokens', async () => {
    const organizer = await signIn(ADMIN_TOKEN);
    const researcher = await signIn(RESEARCH_TOKEN);
    await t.app.close();
    const restart = (roles: Partial<RoleTokens>) =>
      buildApp(testConfig(t.dbFile, { roles: { adminToken: ADMIN_TOKEN, researchToken: RESEARCH_TOKEN, resultsPublic: false, ...roles } }), { logger: false });
    const roleOf = async (app: FastifyInstance, cookie: string) => (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().role;

    const same = await restart({});
    expect([await roleOf(same, organizer.cookie), await roleOf(same, researcher.cookie)]).toEqual(['organizer', 'researcher']);
    await same.close();

    const changed = await restart({ adminToken: 'a-new-organizer-token-0123456789', researchToken: null });
    try {
      expect([await roleOf(changed, organizer.cookie), await roleOf(changed, researcher.cookie)]).toEqual([null, null]);
      expect((await changed.inject({ method: 'GET', url: '/api/raters', headers: { cookie: organizer.cookie } })).statusCode).toBe(401);
      expect((await changed.inject({ method: 'GET', url: '/api/research/raters', headers: { cookie: researcher.cookie } })).statusCode).toBe(401);
    } finally {
      await changed.close();
    }
  });
});
