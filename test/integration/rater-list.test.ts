import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { systemRuntime, type Runtime } from '../../server/runtime.js';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, startTestApp, testConfig } from '../helpers/test-app.js';

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * The raters, in the order they join: pseudonym `rater-<name>`, votes cast, display name, excluded. Names are handed
 * out of alphabetical order so that pseudonym order is not join order. The display names are decoys for the search:
 * unescaped, `50%` would match "axb 500 club", `a_b` "axb 500 club", and `x\y` "xy".
 */
const RATERS = [
  { name: 'pear', votes: 3, displayName: 'Ada Lovelace', excluded: false },
  { name: 'fig', votes: 0, displayName: 'xy', excluded: false },
  { name: 'apple', votes: 2, displayName: '50% off', excluded: true },
  { name: 'kiwi', votes: 1, displayName: 'a_b', excluded: false },
  { name: 'date', votes: 1, displayName: 'axb 500 club', excluded: false },
  { name: 'lime', votes: 0, displayName: 'x\\y', excluded: true },
  { name: 'cherry', votes: 2, displayName: null, excluded: false },
] as const;

/** Pseudonyms are `rater-` and six random bytes; these tests name them, in the order raters join. */
function namingRuntime(): Partial<Runtime> {
  const names: string[] = RATERS.map((rater) => rater.name);
  return { secureToken: (bytes) => (bytes === 6 ? names.shift()! : randomBytes(bytes).toString('base64url')) };
}

async function joinRaters(app: FastifyInstance): Promise<void> {
  for (const spec of RATERS) {
    const rater = new TestRater(app);
    await rater.next();
    for (let i = 0; i < spec.votes; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
    const renamed = await app.inject({ method: 'PUT', url: '/api/me', headers: rater.headers(), payload: { displayName: spec.displayName } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    if (spec.excluded) {
      const excluded = await app.inject({ method: 'PUT', url: `/api/raters/rater-${spec.name}/exclusion`, headers: organizer, payload: { excluded: true } });
      expect(excluded.statusCode, excluded.body).toBe(200);
    }
  }
}

async function listRaters(app: FastifyInstance, query: string) {
  const response = await app.inject({ method: 'GET', url: `/api/raters${query}`, headers: organizer });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { raters: { pseudonym: string; votes: number }[]; total: number; nextAfter: string | null };
  return { names: body.raters.map((rater) => rater.pseudonym.replace(/^rater-/, '')), total: body.total, nextAfter: body.nextAfter, body };
}

/** The same hand-computed cases on each database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
function listCases(start: () => Promise<{ app: FastifyInstance; close(): Promise<void> }>) {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await start());
    await joinRaters(app);
  });
  afterAll(async () => {
    await close?.();
  });

  it('shows only raters with votes by default, in pseudonym order, with every field and the total', async () => {
    const list = await listRaters(app, '');
    expect(list.names).toEqual(['apple', 'cherry', 'date', 'kiwi', 'pear']);
    expect(list.total).toBe(5);
    expect(list.nextAfter).toBeNull();
    expect(list.body.raters[0]).toEqual({
      pseudonym: 'rater-apple',
      displayName: '50% off',
      votes: 2,
      createdAt: expect.any(String),
      excluded: true,
      excludedAt: expect.any(String),
      excludedReason: null,
    });
    expect(list.body.raters.map((rater) => rater.votes)).toEqual([2, 2, 1, 1, 3]);
    expect((await listRaters(app, '?votes=with')).names).toEqual(list.names);
  });

  it('shows raters without votes too with votes=all', async () => {
    const list = await listRaters(app, '?votes=all');
    expect(list.names).toEqual(['apple', 'cherry', 'date', 'fig', 'kiwi', 'lime', 'pear']);
    expect(list.total).toBe(7);
  });

  it('filters by exclusion: only, none, any', async () => {
    expect(await listRaters(app, '?excluded=only')).toMatchObject({ names: ['apple'], total: 1 });
    expect(await listRaters(app, '?excluded=only&votes=all')).toMatchObject({ names: ['apple', 'lime'], total: 2 });
    expect(await listRaters(app, '?excluded=none')).toMatchObject({ names: ['cherry', 'date', 'kiwi', 'pear'], total: 4 });
    expect(await listRaters(app, '?excluded=none&votes=all')).toMatchObject({ names: ['cherry', 'date', 'fig', 'kiwi', 'pear'], total: 5 });
    expect(await listRaters(app, '?excluded=any')).toMatchObject({ total: 5 });
  });

  it('searches pseudonyms and display names in any case, trimmed', async () => {
    expect(await listRaters(app, '?search=LOVE')).toMatchObject({ names: ['pear'], total: 1 });
    expect(await listRaters(app, '?search=RATER-KI')).toMatchObject({ names: ['kiwi'], total: 1 });
    expect(await listRaters(app, `?search=${encodeURIComponent('  ki  ')}`)).toMatchObject({ names: ['kiwi'], total: 1 });
    expect(await listRaters(app, '?search=rater-')).toMatchObject({ total: 5 });
    expect(await listRaters(app, '?search=')).toMatchObject({ total: 5 });
    expect(await listRaters(app, '?search=nobody')).toMatchObject({ names: [], total: 0, nextAfter: null });
  });

  it('matches %, _ and the escape character \\ literally, not as LIKE wildcards', async () => {
    expect(await listRaters(app, `?search=${encodeURIComponent('50%')}`)).toMatchObject({ names: ['apple'], total: 1 });
    expect(await listRaters(app, '?search=a_b')).toMatchObject({ names: ['kiwi'], total: 1 });
    expect(await listRaters(app, `?votes=all&search=${encodeURIComponent('x\\y')}`)).toMatchObject({ names: ['lime'], total: 1 });
    expect(await listRaters(app, `?votes=all&search=${encodeURIComponent('%')}`)).toMatchObject({ names: ['apple'], total: 1 });
  });

  it('pages with limit and nextAfter, the total counting every page', async () => {
    const first = await listRaters(app, '?votes=all&limit=4');
    expect(first).toMatchObject({ names: ['apple', 'cherry', 'date', 'fig'], total: 7, nextAfter: 'rater-fig' });
    const second = await listRaters(app, `?votes=all&limit=4&after=${first.nextAfter}`);
    expect(second).toMatchObject({ names: ['kiwi', 'lime', 'pear'], total: 7, nextAfter: null });
    // A page that ends exactly on the last rater says there is no next page.
    expect(await listRaters(app, '?limit=5')).toMatchObject({ total: 5, nextAfter: null });
    expect(await listRaters(app, '?limit=4')).toMatchObject({ names: ['apple', 'cherry', 'date', 'kiwi'], nextAfter: 'rater-kiwi' });
    // The filters apply to every page.
    expect(await listRaters(app, '?excluded=none&limit=2&after=rater-date')).toMatchObject({ names: ['kiwi', 'pear'], total: 4, nextAfter: null });
  });

  it('finds a single rater for their votes and exclusion, with or without votes', async () => {
    const votes = await app.inject({ method: 'GET', url: '/api/raters/rater-fig/votes', headers: organizer });
    expect(votes.json()).toMatchObject({ rater: { pseudonym: 'rater-fig', displayName: 'xy', votes: 0, excluded: false }, votes: [] });
    const pear = await app.inject({ method: 'GET', url: '/api/raters/rater-pear/votes?limit=1', headers: organizer });
    expect(pear.json()).toMatchObject({ rater: { pseudonym: 'rater-pear', votes: 3 } });
    const again = await app.inject({ method: 'PUT', url: '/api/raters/rater-apple/exclusion', headers: organizer, payload: { excluded: true } });
    expect(again.json()).toMatchObject({ ratingsRebuilt: false, rater: { pseudonym: 'rater-apple', votes: 2, excluded: true } });
  });
}

describe('the organizer’s rater list on SQLite', () => {
  listCases(() => startTestApp({}, namingRuntime()));

  describe('refused requests', () => {
    let app: FastifyInstance;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ app, close } = await startTestApp());
    });
    afterAll(async () => {
      await close();
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['votes=some', 'votes'],
      ['votes=with&votes=all', 'votes'],
      ['excluded=yes', 'excluded'],
      [`search=${'x'.repeat(65)}`, 'search'],
      ['after=', 'after'],
      ['page=2', 'page'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const response = await app.inject({ method: 'GET', url: `/api/raters?${query}`, headers: organizer });
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.error.code).toBe('INVALID_REQUEST');
      expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    });

    it('is for organizers only: 401 without a token, 403 with the researcher token', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/raters?votes=all' })).statusCode).toBe(401);
      const researcher = await app.inject({ method: 'GET', url: '/api/raters?votes=all', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
      expect(researcher.statusCode).toBe(403);
    });
  });
});

describe.skipIf(!TEST_DATABASE_URL)('the organizer’s rater list on PostgreSQL', () => {
  listCases(async () => {
    const database = await freshPostgresDatabase();
    const app = await buildApp(testConfig(database.url), { logger: false, runtime: { ...systemRuntime, ...namingRuntime() } });
    return {
      app,
      close: async () => {
        await app.close();
        await database.drop();
      },
    };
  });
});
