import type { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { Assignment, Choice } from '../../shared/schemas/api.js';
import { progressLiveMessageSchema, progressSnapshotSchema, type ProgressSnapshot } from '../../shared/schemas/progress.js';
import { systemRuntime } from '../../server/runtime.js';
import { progressSnapshot } from '../../server/services/progress.js';
import { ProgressTallies } from '../../server/services/progress-tally.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, sqliteOf, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const T0 = Date.parse('2026-11-23T12:00:00.000Z');
let now = T0;
const minutes = (n: number) => n * 60_000;

/** The tiny set (4 questions in 4 categories, 3 models: 12 cells, 2 of them overlap items) on a clock the test moves. */
async function start(): Promise<TestApp> {
  now = T0;
  t = await startTestApp({}, { now: () => new Date(now) });
  // injectWS, unlike inject, does not wait for the app to be ready.
  await t.app.ready();
  return t;
}

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function progress(query = ''): Promise<ProgressSnapshot> {
  const response = await t!.app.inject({ method: 'GET', url: `/api/progress${query}`, headers: organizer });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return progressSnapshotSchema.parse(response.json());
}

/** The snapshot computed from nothing: a tally of its own that reads the whole log, on the test's clock. */
async function progressAfresh(campaign: number | null = null): Promise<ProgressSnapshot> {
  return progressSnapshot(t!.app.arenaDb.db, { ...systemRuntime, now: () => new Date(now) }, new ProgressTallies(), campaign);
}

/** What a rater was served, read from the database: the overlap flag, the models as shown, the question's category. */
function served(assignmentId: string) {
  return sqliteOf(t!.app)
    .prepare(
      `select x.is_overlap as overlap, ma.name as a, mb.name as b, q.category as category, q.external_id as question
       from assignments x join cells c on c.id = x.cell_id join questions q on q.id = c.question_id
       join models ma on ma.id = x.model_a_id join models mb on mb.id = x.model_b_id where x.id = ?`,
    )
    .get(assignmentId) as { overlap: number; a: string; b: string; category: string; question: string };
}

/** The choice that makes the model sorting first (by code unit) win, the other one win, or a tie. */
function choiceFor(assignment: Assignment, winner: 'first' | 'second' | 'tie'): Choice {
  if (winner === 'tie') return 'tie';
  const { a, b } = served(assignment.assignmentId);
  const aIsFirst = a < b;
  return (winner === 'first') === aIsFirst ? 'A' : 'B';
}

async function pseudonymOf(rater: TestRater): Promise<string> {
  return (await t!.app.inject({ method: 'GET', url: '/api/me', headers: rater.headers() })).json().pseudonym;
}

/** Serves a rater `count` items, voting `choose(item)` on each; returns what was served. */
async function voteMany(rater: TestRater, count: number, choose: (assignment: Assignment) => Choice = () => 'A') {
  const items = [];
  for (let i = 0; i < count; i++) {
    const assignment = await rater.nextAssignment();
    items.push(served(assignment.assignmentId));
    await rater.voteOk(assignment.assignmentId, choose(assignment));
  }
  return items;
}

const setId = () => (sqliteOf(t!.app).prepare('select id from question_sets').get() as { id: number }).id;
/** A campaign on the tiny set; no overlap items unless asked (the default, 20, is more than its 4 questions). */
async function createCampaign(body: Record<string, unknown>): Promise<number> {
  const payload = { name: 'Pilot', setId: setId(), overlapItems: 0, ...body };
  const response = await t!.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

/** Connects to the live progress and collects its messages, so a test can wait for one that matches. */
async function watch(query = '', headers: Record<string, string> = organizer) {
  const received: ProgressSnapshot[] = [];
  const socket: WebSocket = await t!.app.injectWS(`/api/progress/live${query}`, { headers }, {
    onInit: (ws) => ws.on('message', (data) => received.push(progressLiveMessageSchema.parse(JSON.parse(String(data))).progress)),
  });
  return {
    socket,
    received,
    async until(matches: (snapshot: ProgressSnapshot) => boolean): Promise<ProgressSnapshot> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = received.find(matches);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching snapshot among ${received.length}`);
        await new Promise((wait) => setTimeout(wait, 20));
      }
    },
  };
}

const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

describe('GET /api/progress', () => {
  it('counts votes and coverage overall, per category and per model pair against the default target of 1', async () => {
    await start();
    const empty = await progress();
    expect(empty).toMatchObject({
      generatedAt: new Date(T0).toISOString(),
      scope: { campaign: null, sets: [{ name: 'Tiny test set', version: 1 }] },
      target: { votesPerCell: 1, fromCampaign: false },
      totals: { votes: 0, cells: 12, cellsAtTarget: 0, votesToTarget: 12 },
      models: ['model-x', 'model-y', 'model-z'],
      activeRaters: { windowMinutes: 10, count: 0 },
      overlap: { items: 2, itemsWithTwoVotes: 0, votes: 0, ratersCompleted: 0, agreement: { value: null, pairs: 0 } },
      pace: { windowMinutes: 15, votesInWindow: 0, votesPerHour: 0, etaAt: null, reached: false },
      raters: [],
    });
    // The study's order of categories; three cells each (one question, three pairs). Four cells per pair.
    expect(empty.categories.map((c) => [c.category, c.name, c.cells])).toEqual([
      ['daily_qa', 'Daily Q&A', 3],
      ['writing', 'Writing', 3],
      ['programming', 'Programming', 3],
      ['math', 'Math', 3],
    ]);
    expect(empty.pairs.map((p) => [p.modelA, p.modelB, p.cells])).toEqual([
      ['model-x', 'model-y', 4],
      ['model-x', 'model-z', 4],
      ['model-y', 'model-z', 4],
    ]);

    // One rater, five votes: never the same cell twice, so five cells reach the target of 1.
    const items = await voteMany(new TestRater(t!.app), 5);
    const snapshot = await progress();
    expect(snapshot.totals).toEqual({ votes: 5, cells: 12, cellsAtTarget: 5, votesToTarget: 7 });
    const perCategory = countBy(items, (i) => i.category);
    for (const row of snapshot.categories) {
      const votes = perCategory.get(row.category) ?? 0;
      expect(row, row.category).toMatchObject({ votes, cells: 3, cellsAtTarget: votes, votesToTarget: 3 - votes });
    }
    const perPair = countBy(items, (i) => [i.a, i.b].sort().join(' '));
    for (const row of snapshot.pairs) {
      const votes = perPair.get(`${row.modelA} ${row.modelB}`) ?? 0;
      expect(row, `${row.modelA} ${row.modelB}`).toMatchObject({ votes, cells: 4, cellsAtTarget: votes, votesToTarget: 4 - votes });
    }
  });

  it('takes a campaign’s set, models, target per cell and overlap items, and still reports every active set without it', async () => {
    await start();
    const campaign = await createCampaign({ name: 'Pilot', models: ['model-x', 'model-y'], targetVotesPerCell: 2, overlapItems: 1 });
    const first = new TestRater(t!.app);
    const firstModelWins = (assignment: Assignment) => choiceFor(assignment, 'first');
    await voteMany(first, 4, firstModelWins);
    expect((await first.next()).status).toBe('finished');
    // A rater's first item is the campaign's overlap item, which the first rater voted on too.
    const [second] = await voteMany(new TestRater(t!.app), 1, firstModelWins);

    const snapshot = await progress(`?campaign=${campaign}`);
    expect(snapshot.scope.campaign).toEqual({ id: campaign, name: 'Pilot', status: 'running' });
    expect(snapshot.target).toEqual({ votesPerCell: 2, fromCampaign: true });
    expect(snapshot.models).toEqual(['model-x', 'model-y']);
    // Four cells (one per question) want 2 votes each: 8; 5 were cast, one cell has both of its votes.
    expect(snapshot.totals).toEqual({ votes: 5, cells: 4, cellsAtTarget: 1, votesToTarget: 3 });
    expect(snapshot.pairs).toEqual([{ modelA: 'model-x', modelB: 'model-y', votes: 5, cells: 4, cellsAtTarget: 1, votesToTarget: 3 }]);
    for (const row of snapshot.categories) {
      const twice = row.category === second!.category;
      expect(row, row.category).toMatchObject({ votes: twice ? 2 : 1, cells: 1, cellsAtTarget: twice ? 1 : 0, votesToTarget: twice ? 0 : 1 });
    }
    expect(snapshot.raters.map((r) => [r.votes, r.overlapVoted])).toEqual([
      [4, 1],
      [1, 1],
    ]);
    expect(snapshot.overlap).toEqual({ items: 1, itemsWithTwoVotes: 1, votes: 2, ratersCompleted: 2, agreement: { value: 1, pairs: 1 } });

    // Every active set: all 12 cells at the default target; the 5 votes cover 4 distinct cells.
    expect((await progress()).totals).toEqual({ votes: 5, cells: 12, cellsAtTarget: 4, votesToTarget: 8 });
  });

  it('measures tie-discounted agreement on overlap items, with each rater’s diagnostics, as the research routes do', async () => {
    await start();
    const [r1, r2, r3] = [new TestRater(t!.app), new TestRater(t!.app), new TestRater(t!.app)];
    /** Every vote takes 4 s from serving to voting. */
    const slowly = async (rater: TestRater, choose: (assignment: Assignment, overlap: boolean, question: string) => 'first' | 'second' | 'tie') => {
      const assignment = await rater.nextAssignment();
      const item = served(assignment.assignmentId);
      now += 4000;
      await rater.voteOk(assignment.assignmentId, choiceFor(assignment, choose(assignment, item.overlap === 1, item.question)));
      return item;
    };
    // r3's first item is an overlap item (every second item is, starting with the first): call it p. r3 says the
    // second model wins. r1 says the first model wins on both overlap items; r2 agrees on p and says tie on the other.
    const p = await slowly(r3, () => 'second');
    expect(p.overlap).toBe(1);
    for (let i = 0; i < 3; i++) await slowly(r1, (_, overlap) => (overlap ? 'first' : 'second'));
    for (let i = 0; i < 3; i++) await slowly(r2, (_, overlap, question) => (!overlap ? 'second' : question === p.question ? 'first' : 'tie'));

    const snapshot = await progress();
    // Pairs: p r1r2 = 1, p r1r3 = 0, p r2r3 = 0, the other item r1r2 = ½: 1.5 / 4.
    expect(snapshot.overlap).toEqual({ items: 2, itemsWithTwoVotes: 2, votes: 5, ratersCompleted: 2, agreement: { value: 0.375, pairs: 4 } });
    // Both overlap items, and one other cell each for r1 and r2 (the least-voted, so two different ones).
    expect(snapshot.totals).toEqual({ votes: 7, cells: 12, cellsAtTarget: 4, votesToTarget: 8 });
    const rows = new Map(snapshot.raters.map((r) => [r.pseudonym, r]));
    const [n1, n2, n3] = await Promise.all([r1, r2, r3].map(pseudonymOf));
    expect(snapshot.raters.map((r) => r.pseudonym)).toEqual([...[n1!, n2!].sort(), n3]);
    // Consensus: r1 and r2 only have one on the other overlap item (p is split 1–1 for each); r3 stands against two.
    expect(rows.get(n1!)).toMatchObject({ votes: 3, overlapVoted: 2, excluded: false, diagnostics: { tieRate: 0, medianMs: 4000, consensusAgreement: 0.5, consensusItems: 1, flags: [] } });
    expect(rows.get(n2!)).toMatchObject({ votes: 3, overlapVoted: 2, diagnostics: { tieRate: 1 / 3, consensusAgreement: 0.5, consensusItems: 1 } });
    expect(rows.get(n3!)).toMatchObject({ votes: 1, overlapVoted: 1, diagnostics: { tieRate: 0, consensusAgreement: 0, consensusItems: 1 } });

    const research = (url: string) => t!.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } }).then((r) => r.json());
    expect((await research('/api/research/consistency?rounds=0')).overlap).toMatchObject({ value: 0.375, pairs: 4 });

    // Excluding r3 keeps r3's vote in coverage but out of agreement and diagnostics, as in the research analyses.
    const excluded = await t!.app.inject({ method: 'PUT', url: `/api/raters/${n3}/exclusion`, headers: organizer, payload: { excluded: true } });
    expect(excluded.statusCode, excluded.body).toBe(200);
    const after = await progress();
    expect(after.totals.votes).toBe(7);
    expect(after.overlap).toEqual({ items: 2, itemsWithTwoVotes: 2, votes: 4, ratersCompleted: 2, agreement: { value: 0.75, pairs: 2 } });
    expect(after.raters.find((r) => r.pseudonym === n3)).toMatchObject({ votes: 1, excluded: true, diagnostics: null });
    const r1Row = after.raters.find((r) => r.pseudonym === n1)!;
    expect(r1Row.diagnostics).toMatchObject({ consensusAgreement: 0.75, consensusItems: 2 });
    const researchRaters = (await research('/api/research/raters')).raters as { rater: string; consensusAgreement: number | null }[];
    expect(researchRaters.map((r) => r.rater).sort()).toEqual([n1, n2].sort());
    expect(researchRaters.find((r) => r.rater === n1)!.consensusAgreement).toBe(r1Row.diagnostics!.consensusAgreement);
    expect((await research('/api/research/consistency?rounds=0')).overlap).toMatchObject({ value: 0.75, pairs: 2 });
  });

  it('keeps each figure equal to a snapshot read afresh and to the research routes as votes, names and exclusions change', async () => {
    await start();
    const raters = [new TestRater(t!.app), new TestRater(t!.app), new TestRater(t!.app), new TestRater(t!.app)];
    const choices: Choice[] = ['A', 'B', 'tie'];
    const round = async (count: number) => {
      for (const [i, rater] of raters.entries()) {
        for (let k = 0; k < count; k++) {
          const assignment = await rater.next();
          if (assignment.status !== 'assigned') break;
          now += 1500 * (i + 1);
          await rater.voteOk(assignment.assignmentId, choices[(i * 2 + k) % 3]!);
        }
      }
    };
    const research = async () => {
      const response = await t!.app.inject({ method: 'GET', url: '/api/research/raters', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
      return new Map((response.json().raters as { rater: string; displayName: string | null }[]).map(({ rater, displayName: _, ...d }) => [rater, d]));
    };
    /** The live tally's snapshot equals one read afresh; its diagnostics equal the research route's, rater by rater. */
    const expectConsistent = async () => {
      const snapshot = await progress();
      expect(snapshot).toEqual(await progressAfresh());
      const researched = await research();
      for (const row of snapshot.raters) {
        if (row.excluded) expect(researched.has(row.pseudonym)).toBe(false);
        else expect({ votes: row.votes, ...row.diagnostics }, row.pseudonym).toEqual(researched.get(row.pseudonym));
      }
      return snapshot;
    };

    await round(3);
    await expectConsistent();
    await round(2);
    const renamed = await t!.app.inject({ method: 'PUT', url: '/api/me', headers: raters[0]!.headers(), payload: { displayName: 'Ada' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const named = await expectConsistent();
    expect(named.raters.find((r) => r.displayName === 'Ada')).toBeDefined();

    const second = await pseudonymOf(raters[1]!);
    const exclusion = (excluded: boolean) =>
      t!.app.inject({ method: 'PUT', url: `/api/raters/${second}/exclusion`, headers: organizer, payload: { excluded } });
    expect((await exclusion(true)).statusCode).toBe(200);
    await round(1);
    const excluded = await expectConsistent();
    expect(excluded.raters.find((r) => r.pseudonym === second)).toMatchObject({ excluded: true, diagnostics: null });
    expect((await exclusion(false)).statusCode).toBe(200);
    const included = await expectConsistent();
    expect(included.raters.find((r) => r.pseudonym === second)!.diagnostics).not.toBeNull();
    // Every rater votes on every cell.
    await round(12);
    expect((await expectConsistent()).totals.votes).toBe(4 * 12);

    // A campaign's scope has a tally of its own: its models, its overlap item.
    const campaign = await createCampaign({ models: ['model-x', 'model-y'], overlapItems: 1 });
    expect(await progress(`?campaign=${campaign}`)).toEqual(await progressAfresh(campaign));
    for (const rater of [new TestRater(t!.app), new TestRater(t!.app)]) await voteMany(rater, 3, (a) => choiceFor(a, 'first'));
    expect(await progress(`?campaign=${campaign}`)).toEqual(await progressAfresh(campaign));
    await expectConsistent();
  });

  it('counts a vote that commits after one with a higher id (as on PostgreSQL), once', async () => {
    await start();
    const [late, early] = [new TestRater(t!.app), new TestRater(t!.app)];
    await voteMany(new TestRater(t!.app), 2);
    await progress();
    const lateItem = await late.nextAssignment();
    // The early vote takes the next id, n, and is moved to n + 1: the log reads as if id n's transaction were still open.
    await early.voteOk((await early.nextAssignment()).assignmentId, 'A');
    const sqlite = sqliteOf(t!.app);
    const n = (sqlite.prepare('select max(id) as id from votes').get() as { id: number }).id;
    sqlite.prepare('update votes set id = ? where id = ?').run(n + 1, n);
    expect((await progress()).raters.reduce((sum, r) => sum + r.votes, 0)).toBe(3);
    // Now id n commits.
    await late.voteOk(lateItem.assignmentId, 'B');
    sqlite.prepare('update votes set id = ? where id = (select max(id) from votes)').run(n);
    const snapshot = await progress();
    expect(snapshot.raters.reduce((sum, r) => sum + r.votes, 0)).toBe(4);
    expect(snapshot).toEqual(await progressAfresh());
    // Read again: counted once.
    expect(await progress()).toEqual(await progressAfresh());
  });

  it('extrapolates the last 15 minutes to an ETA and counts raters active in the last 10, on the injected clock', async () => {
    await start();
    const early = new TestRater(t!.app);
    await voteMany(early, 2);
    now += minutes(20);
    const late = new TestRater(t!.app);
    await voteMany(late, 3);

    const snapshot = await progress();
    expect(snapshot.generatedAt).toBe(new Date(T0 + minutes(20)).toISOString());
    // Both raters had both overlap items (every rater is served them) and one other cell each: 4 of 12 cells are
    // covered, 8 votes to go. 3 votes in 15 minutes is 12 an hour, so 8 more take 40 minutes.
    expect(snapshot.totals).toEqual({ votes: 5, cells: 12, cellsAtTarget: 4, votesToTarget: 8 });
    expect(snapshot.pace).toEqual({
      windowMinutes: 15,
      votesInWindow: 3,
      votesPerHour: 12,
      etaAt: new Date(T0 + minutes(20 + 40)).toISOString(),
      reached: false,
    });
    expect(snapshot.activeRaters).toEqual({ windowMinutes: 10, count: 1 });
    const [earlyName, lateName] = await Promise.all([early, late].map(pseudonymOf));
    expect(snapshot.raters.map((r) => [r.pseudonym, r.votes, r.active, r.lastVoteAt])).toEqual([
      [lateName, 3, true, new Date(T0 + minutes(20)).toISOString()],
      [earlyName, 2, false, new Date(T0).toISOString()],
    ]);

    now += minutes(16);
    const quiet = await progress();
    expect(quiet.pace).toEqual({ windowMinutes: 15, votesInWindow: 0, votesPerHour: 0, etaAt: null, reached: false });
    expect(quiet.activeRaters.count).toBe(0);

    // A third rater votes on every cell: nothing is missing any more.
    await voteMany(new TestRater(t!.app), 12);
    const done = await progress();
    expect(done.totals).toMatchObject({ cellsAtTarget: 12, votesToTarget: 0 });
    expect(done.pace).toMatchObject({ votesInWindow: 12, reached: true, etaAt: null });
  });

  it('lists the members of an invite-only campaign before they vote', async () => {
    await start();
    const campaign = await createCampaign({ inviteOnly: true });
    const invite = await t!.app.inject({ method: 'POST', url: `/api/campaigns/${campaign}/invites`, headers: organizer, payload: {} });
    const member = new TestRater(t!.app);
    await member.next();
    const accepted = await t!.app.inject({ method: 'POST', url: '/api/invites/accept', headers: member.headers(), payload: { code: invite.json().code } });
    expect(accepted.statusCode, accepted.body).toBe(200);

    expect((await progress(`?campaign=${campaign}`)).raters).toEqual([
      { pseudonym: await pseudonymOf(member), displayName: null, votes: 0, overlapVoted: 0, lastVoteAt: null, active: false, excluded: false, diagnostics: null },
    ]);
    expect((await progress()).raters).toEqual([]);
  });

  it('refuses an unknown campaign with 404 and a malformed one with 400, in the error shape', async () => {
    await start();
    const unknown = await t!.app.inject({ method: 'GET', url: '/api/progress?campaign=999', headers: organizer });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'CAMPAIGN_NOT_FOUND', message: 'no campaign 999', details: [{ field: 'campaign', reason: 'unknown campaign' }] },
    });
    const malformed = await t!.app.inject({ method: 'GET', url: '/api/progress?campaign=first', headers: organizer });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('INVALID_REQUEST');
  });

  it('is for organizers only: 401 without a token, 403 with the research token', async () => {
    await start();
    const anonymous = await t!.app.inject({ method: 'GET', url: '/api/progress' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('TOKEN_REQUIRED');
    const researcher = await t!.app.inject({ method: 'GET', url: '/api/progress', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
    expect(researcher.statusCode).toBe(403);
  });
});

describe('GET /api/progress/live', () => {
  it('sends the snapshot at once and an updated one after a vote commits', async () => {
    await start();
    const inbox = await watch();
    expect((await inbox.until(() => true)).totals.votes).toBe(0);
    const rater = new TestRater(t!.app);
    await voteMany(rater, 1);
    const update = await inbox.until((s) => s.totals.votes === 1);
    expect(update.raters).toEqual([expect.objectContaining({ pseudonym: await pseudonymOf(rater), votes: 1, active: true })]);
    inbox.socket.terminate();
  });

  it('follows one campaign, and tells its watchers when its status changes', async () => {
    await start();
    const campaign = await createCampaign({ models: ['model-x', 'model-z'] });
    const inbox = await watch(`?campaign=${campaign}`);
    expect(await inbox.until(() => true)).toMatchObject({ scope: { campaign: { id: campaign, status: 'running' } }, totals: { cells: 4 } });
    await t!.app.inject({ method: 'PUT', url: `/api/campaigns/${campaign}/status`, headers: organizer, payload: { status: 'paused' } });
    expect((await inbox.until((s) => s.scope.campaign?.status === 'paused')).totals.cells).toBe(4);
    inbox.socket.terminate();
  });

  it('accepts the organizer session cookie the dashboard signs in with', async () => {
    await start();
    const session = await t!.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const inbox = await watch('', { cookie });
    expect((await inbox.until(() => true)).totals.cells).toBe(12);
    inbox.socket.terminate();
  });

  it('refuses the upgrade without a token (401), with the research token (403), and for an unknown campaign (404)', async () => {
    await start();
    await expect(watch('', {})).rejects.toThrow('Unexpected server response: 401');
    await expect(watch('', { authorization: `Bearer ${RESEARCH_TOKEN}` })).rejects.toThrow('Unexpected server response: 403');
    await expect(watch('?campaign=999')).rejects.toThrow('Unexpected server response: 404');
    expect(t!.app.progressHub.watcherCount).toBe(0);
  });
});
