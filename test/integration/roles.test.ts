import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteOf, startTestApp, testConfig, type TestApp } from '../helpers/test-app.js';
import { buildApp } from '../../server/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the organizer token', () => {
  it('is generated on the first start when none is configured, announced once, and works afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-roles-'));
    const config = testConfig(join(dir, 'arena.db'), {
      defaultQuestionSetPath: null,
      overlapItems: 0,
      roles: { adminToken: null, researchToken: null, resultsPublic: false },
    });
    const announced: string[] = [];
    const announceOrganizerToken = (token: string) => announced.push(token);
    try {
      await (await buildApp(config, { logger: false, announceOrganizerToken })).close();
      const restarted = await buildApp(config, { logger: false, announceOrganizerToken });
      expect(announced).toHaveLength(1);
      const token = announced[0]!;
      expect(token.length).toBeGreaterThanOrEqual(32);
      const ok = await restarted.inject({ method: 'GET', url: '/api/export/votes', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect(JSON.stringify(sqliteOf(restarted).prepare('select * from settings').all())).not.toContain(token);
      await restarted.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('research routes', () => {
  it('need no token when results are public, except the vote log', async () => {
    t = await startTestApp({ roles: { adminToken: null, researchToken: null, resultsPublic: true } });
    expect((await t.app.inject({ method: 'GET', url: '/api/research/ratings?rounds=0' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/export/votes' })).statusCode).toBe(401);
  });

  it('refuse a malformed Authorization header with 401', async () => {
    t = await startTestApp();
    const response = await t.app.inject({ method: 'GET', url: '/api/export/votes', headers: { authorization: 'Basic abc' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('BAD_AUTHORIZATION');
  });
});
