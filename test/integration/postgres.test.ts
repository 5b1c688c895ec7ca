import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayElo } from '../../shared/rating/elo.js';
import { liveMessageSchema, type LiveMessage } from '../../shared/schemas/api.js';
import { progressLiveMessageSchema, progressSnapshotSchema, type ProgressSnapshot } from '../../shared/schemas/progress.js';
import { buildApp } from '../../server/app.js';
import { systemRuntime } from '../../server/runtime.js';
import { listAllRatings } from '../../server/repositories/ratings.js';
import { listVotesForReplay } from '../../server/repositories/votes.js';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { storedTallies, talliesFromAssignments } from '../helpers/tallies.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, RESEARCH_TOKEN, testConfig, TINY_SET } from '../helpers/test-app.js';

const config = (databaseUrl: string) => testConfig(databaseUrl);

/** Stored ratings (every scope) against a replay of the log in commit order. */
async function expectRatingsEqualReplay(app: FastifyInstance) {
  const log = await listVotesForReplay(app.arenaDb.db);
  const stored = await listAllRatings(app.arenaDb.db);
  for (const scope of new Set(stored.map((r) => r.scope))) {
    const replayed = replayElo(log.filter((v) => scope === '*' || v.category === scope));
    const rows = stored.filter((r) => r.scope === scope);
    expect(rows).toHaveLength(replayed.size);
    for (const row of rows) {
      expect(row.rating, `${scope} ${row.model}`).toBeCloseTo(replayed.get(row.model)!.rating, 9);
      expect(row.votes).toBe(replayed.get(row.model)!.votes);
    }
  }
  return log.length;
}

describe.skipIf(!TEST_DATABASE_URL)('on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let first: FastifyInstance;
  let second: FastifyInstance;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    first = await buildApp(config(database.url), { logger: false });
    // A second instance on the same database, as behind a load balancer: the migrations and the set are already there.
    second = await buildApp(config(database.url), { logger: false });
    await first.ready();
    await second.ready();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('runs the migrations and loads the default set once', async () => {
    const sets = await first.inject({ method: 'GET', url: '/api/question-sets', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
    expect(sets.json().sets).toHaveLength(1);
    expect(sets.json().sets[0]).toMatchObject({ slug: 'tiny', version: 1, questions: 4, models: 3, cells: 12, overlapCells: 2 });
  });

  it('votes, answers a repeat with the same result, refuses a change with 409, reveals and ranks', async () => {
    const rater = new TestRater(first);
    const assignment = await rater.nextAssignment();
    expect(JSON.stringify(assignment)).not.toMatch(/model-[xyz]/);
    const firstVote = await rater.vote(assignment.assignmentId, 'A');
    expect(firstVote.statusCode).toBe(200);
    expect(firstVote.json().ratings.A).toMatchObject({ before: 1000, after: 1008 });
    const repeat = await rater.vote(assignment.assignmentId, 'A');
    expect(repeat.body).toBe(firstVote.body);
    expect((await rater.vote(assignment.assignmentId, 'B')).statusCode).toBe(409);
    const board = (await second.inject({ method: 'GET', url: '/api/leaderboard' })).json();
    expect(board.totalVotes).toBe(1);
  });

  it('takes votes on two instances at once: each lands once and the ratings equal a replay in commit order', async () => {
    const raters = Array.from({ length: 16 }, (_, i) => new TestRater(i % 2 === 0 ? first : second));
    const choices = ['A', 'B', 'tie'] as const;
    await Promise.all(
      raters.map(async (rater, r) => {
        for (let i = 0; i < 8; i++) {
          const next = await rater.next();
          if (next.status !== 'assigned') return;
          // Retries of the same vote, concurrently, count once.
          const [one, two] = await Promise.all([
            rater.vote(next.assignmentId, choices[(r + i) % 3]!),
            rater.vote(next.assignmentId, choices[(r + i) % 3]!),
          ]);
          expect(one.statusCode).toBe(200);
          expect(two.body).toBe(one.body);
        }
      }),
    );
    const votes = await expectRatingsEqualReplay(first);
    expect(votes).toBe(1 + 16 * 8);
    const assignments = await first.arenaDb.db
      .selectFrom('assignments')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('voted_at').as('voted')])
      .executeTakeFirstOrThrow();
    expect(Number(assignments.voted)).toBe(votes);
    // Each cell counted every item served on it exactly once, whichever instance served it.
    const miscounted = await sql<{ id: number }>`
      select c.id from cells c where c.served_count <> (select count(*) from assignments a where a.cell_id = c.id)`.execute(first.arenaDb.db);
    expect(miscounted.rows).toEqual([]);
    expect(await storedTallies(first.arenaDb.db)).toEqual(await talliesFromAssignments(first.arenaDb.db));
  });

  it('shows a watcher on one instance the votes cast on the other (LISTEN/NOTIFY)', async () => {
    const received: LiveMessage[] = [];
    const socket: WebSocket = await second.injectWS('/api/live', {}, {
      onInit: (ws) => ws.on('message', (data) => received.push(liveMessageSchema.parse(JSON.parse(String(data))))),
    });
    const deadline = Date.now() + 5000;
    while (received.length < 1 && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
    const before = received[0]!.board.totalVotes;
    const rater = new TestRater(first);
    await rater.voteOk((await rater.nextAssignment()).assignmentId, 'B');
    while (!received.some((m) => m.board.totalVotes === before + 1) && Date.now() < deadline) {
      await new Promise((wait) => setTimeout(wait, 20));
    }
    expect(received.some((m) => m.board.totalVotes === before + 1)).toBe(true);
    socket.terminate();
  });

  it('shows an organizer watching progress on one instance the votes cast on the other, and both count alike', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const received: ProgressSnapshot[] = [];
    const socket: WebSocket = await second.injectWS('/api/progress/live', { headers: auth }, {
      onInit: (ws) => ws.on('message', (data) => received.push(progressLiveMessageSchema.parse(JSON.parse(String(data))).progress)),
    });
    const deadline = Date.now() + 15_000;
    while (received.length < 1 && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
    const before = received[0]!.totals.votes;
    const rater = new TestRater(first);
    await rater.voteOk((await rater.nextAssignment()).assignmentId, 'tie');
    while (!received.some((s) => s.totals.votes === before + 1) && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
    expect(received.some((s) => s.totals.votes === before + 1)).toBe(true);
    socket.terminate();

    const snapshot = progressSnapshotSchema.parse((await first.inject({ method: 'GET', url: '/api/progress', headers: auth })).json());
    expect(snapshot.totals).toMatchObject({ votes: before + 1, cells: 12, cellsAtTarget: 12, votesToTarget: 0 });
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(snapshot.categories.map((c) => c.votes))).toBe(before + 1);
    expect(sum(snapshot.pairs.map((p) => p.votes))).toBe(before + 1);
    expect(sum(snapshot.raters.map((r) => r.votes))).toBe(before + 1);
    expect(snapshot.pace).toMatchObject({ votesInWindow: before + 1, reached: true });
  });

  it('exports the log and analyzes it', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const exported = await first.inject({ method: 'GET', url: '/api/export/votes?format=jsonl', headers: auth });
    expect(exported.body.trim().split('\n').length).toBeGreaterThan(100);
    const ratings = await second.inject({ method: 'GET', url: '/api/research/ratings?rounds=50', headers: auth });
    expect(ratings.statusCode).toBe(200);
    expect(ratings.json().bradleyTerry.models).toHaveLength(3);
  });

  it('excludes a rater while both instances take votes: the ratings equal a replay of the votes that count', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const raters = Array.from({ length: 12 }, (_, i) => new TestRater(i % 2 === 0 ? first : second));
    const spammer = raters[0]!;
    await spammer.voteOk((await spammer.nextAssignment()).assignmentId, 'A');
    const me = await first.inject({ method: 'GET', url: '/api/me', headers: spammer.headers() });
    const pseudonym: string = me.json().pseudonym;

    const voting = Promise.all(
      raters.map(async (rater, r) => {
        for (let i = 0; i < 10; i++) {
          const next = await rater.next();
          if (next.status !== 'assigned') return;
          await rater.voteOk(next.assignmentId, (['A', 'B', 'tie'] as const)[(r * 7 + i) % 3]!);
        }
      }),
    );
    // Exclusions land between votes in flight on both instances, each one rebuilding all ratings.
    for (const [instance, excluded] of [[second, true], [first, false], [second, true], [first, false], [second, true]] as const) {
      await new Promise((wait) => setTimeout(wait, 15));
      const response = await instance.inject({
        method: 'PUT',
        url: `/api/raters/${pseudonym}/exclusion`,
        headers: auth,
        payload: { excluded, reason: excluded ? 'always A' : null },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    await voting;

    const { rows } = await sql<{ modelA: string; modelB: string; outcome: 'A' | 'B' | 'tie'; category: string }>`
      select ma.name as "modelA", mb.name as "modelB", v.choice as outcome, v.category from votes v
      join raters r on r.id = v.rater_id join models ma on ma.id = v.model_a_id join models mb on mb.id = v.model_b_id
      where r.excluded_at is null order by v.id`.execute(first.arenaDb.db);
    const stored = await listAllRatings(first.arenaDb.db);
    for (const scope of new Set(stored.map((r) => r.scope))) {
      const replayed = replayElo(rows.filter((v) => scope === '*' || v.category === scope));
      for (const row of stored.filter((r) => r.scope === scope)) {
        expect(row.rating, `${scope} ${row.model}`).toBeCloseTo(replayed.get(row.model)!.rating, 9);
        expect(row.votes).toBe(replayed.get(row.model)!.votes);
      }
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('live progress on PostgreSQL', () => {
  it('counts a vote whose transaction commits after a vote with a higher id, once', async () => {
    const database = await freshPostgresDatabase();
    const app = await buildApp(testConfig(database.url), { logger: false });
    const { db } = app.arenaDb;
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const ratersVotes = async () =>
      progressSnapshotSchema.parse((await app.inject({ method: 'GET', url: '/api/progress', headers: auth })).json()).raters.reduce((sum, r) => sum + r.votes, 0);
    try {
      await ratersVotes();
      const [late, early] = [new TestRater(app), new TestRater(app)];
      const lateItem = await late.nextAssignment();
      const served = await db.selectFrom('assignments as a').innerJoin('questions as q', 'q.id', 'a.question_id').selectAll('a').select('q.category').where('a.id', '=', lateItem.assignmentId).executeTakeFirstOrThrow();
      // A transaction that takes a vote id now and commits only when told, as a vote held up between insert and commit.
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      let inserted!: () => void;
      const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
      const held = db.transaction().execute(async (trx) => {
        await trx
          .insertInto('votes')
          .values({
            assignment_id: served.id,
            rater_id: served.rater_id,
            set_id: served.set_id!,
            question_id: served.question_id!,
            cell_id: served.cell_id,
            category: served.category,
            model_a_id: served.model_a_id,
            model_b_id: served.model_b_id,
            choice: 'A',
            is_overlap: served.is_overlap,
            elapsed_ms: 1000,
            rating_a_before: 1000,
            rating_b_before: 1000,
            rating_a_after: 1000,
            rating_b_after: 1000,
            created_at: new Date().toISOString(),
          })
          .execute();
        inserted();
        await committing;
      });
      await insertedNow;
      await early.voteOk((await early.nextAssignment()).assignmentId, 'B');
      expect(await ratersVotes()).toBe(1);
      commit();
      await held;
      expect(await ratersVotes()).toBe(2);
      expect(await ratersVotes()).toBe(2);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('serving on PostgreSQL', () => {
  it('serves raters asking at once on two instances different cells, each counted once', async () => {
    const database = await freshPostgresDatabase();
    const noOverlap = testConfig(database.url, { overlapItems: 0 });
    const instances = [await buildApp(noOverlap, { logger: false }), await buildApp(noOverlap, { logger: false })];
    const { db } = instances[0]!.arenaDb;
    try {
      // The tiny set has 12 cells. Ten raters ask at the same moment; their item requests overlap in PostgreSQL, so
      // all read the same least-served candidates, and each must still get a cell the others are not being served,
      // and the least served: some commit while others have already read the counts. Three rounds of new raters.
      for (let round = 1; round <= 3; round++) {
        const raters = Array.from({ length: 10 }, (_, i) => new TestRater(instances[i % 2]!));
        const items = await Promise.all(raters.map((rater) => rater.nextAssignment()));
        const { rows } = await sql<{ cellId: number }>`
          select cell_id as "cellId" from assignments where id = any(${items.map((item) => item.assignmentId)})`.execute(db);
        expect(new Set(rows.map((row) => row.cellId)).size, `round ${round}`).toBe(10);
        const served = await sql<{ total: number; spread: number }>`
          select sum(served_count)::integer as total, max(served_count) - min(served_count) as spread from cells`.execute(db);
        expect(served.rows[0], `round ${round}`).toEqual({ total: 10 * round, spread: 1 });
      }
      expect(await storedTallies(db)).toEqual(await talliesFromAssignments(db));
    } finally {
      for (const instance of instances) await instance.close();
      await database.drop();
    }
  });

  it('serves the overlap items in one fixed order on either instance, so raters who stop early share them', async () => {
    const database = await freshPostgresDatabase();
    const config = testConfig(database.url, { overlapItems: 4, overlapEvery: 1 });
    const instances = [await buildApp(config, { logger: false }), await buildApp(config, { logger: false })];
    try {
      const firstTwo: number[][] = [];
      for (let r = 0; r < 4; r++) {
        const rater = new TestRater(instances[r % 2]!);
        const cells: number[] = [];
        for (let i = 0; i < 2; i++) {
          const assignment = await rater.nextAssignment();
          const { rows } = await sql<{ cellId: number }>`select cell_id as "cellId" from assignments where id = ${assignment.assignmentId}`.execute(
            instances[0]!.arenaDb.db,
          );
          cells.push(rows[0]!.cellId);
          await rater.voteOk(assignment.assignmentId, 'A');
        }
        firstTwo.push(cells);
      }
      for (const cells of firstTwo) expect(cells).toEqual(firstTwo[0]);
    } finally {
      for (const instance of instances) await instance.close();
      await database.drop();
    }
  });

  it('counts a vote on an item served without a tally (by an instance from before the tallies) and recounts it', async () => {
    const database = await freshPostgresDatabase();
    const app = await buildApp(testConfig(database.url), { logger: false });
    const { db } = app.arenaDb;
    try {
      const rater = new TestRater(app);
      for (let i = 0; i < 3; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
      const open = await rater.nextAssignment();
      await sql`delete from rater_set_tallies`.execute(db);
      await rater.voteOk(open.assignmentId, 'B');
      expect(await storedTallies(db)).toEqual(await talliesFromAssignments(db));
      expect((await storedTallies(db))[0]).toMatchObject({ served: 4, voted: 4 });
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('waits for a cell when every candidate is being served by someone else, then serves it', async () => {
    const database = await freshPostgresDatabase();
    const app = await buildApp(testConfig(database.url, { overlapItems: 0 }), { logger: false });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('select id from cells for update');
      let answered = false;
      const pending = new TestRater(app).nextAssignment().finally(() => (answered = true));
      await new Promise((wait) => setTimeout(wait, 300));
      expect(answered).toBe(false);
      await locker.query('commit');
      const item = await pending;
      const { rows } = await sql<{ total: number }>`select sum(served_count)::integer as total from cells`.execute(app.arenaDb.db);
      expect(rows[0]!.total).toBe(1);
      expect(item.status).toBe('assigned');
      expect((await storedTallies(app.arenaDb.db)).map((tally) => tally.served)).toEqual([1]);
    } finally {
      await locker.end();
      await app.close();
      await database.drop();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('campaigns, uploads and long absences on PostgreSQL', () => {
  const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const revisedTiny = (suffix: string) => {
    const file = JSON.parse(readFileSync(TINY_SET, 'utf8'));
    file.questions[0].turns[0] += suffix;
    return file;
  };

  it('runs a campaign without a vote target, and refuses ids beyond an integer column with 400', async () => {
    const database = await freshPostgresDatabase();
    const app = await buildApp(testConfig(database.url), { logger: false });
    try {
      const setId = (await sql<{ id: number }>`select id from question_sets`.execute(app.arenaDb.db)).rows[0]!.id;
      const created = await app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'Open', setId } });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ targetVotesPerCell: null, cellsAtTarget: null, cells: 12 });
      const paused = await app.inject({ method: 'PUT', url: `/api/campaigns/${created.json().id}/status`, headers: organizer, payload: { status: 'paused' } });
      expect(paused.statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/campaigns', headers: organizer })).statusCode).toBe(200);
      for (const request of [
        { method: 'PUT' as const, url: '/api/campaigns/3000000000/status', payload: { status: 'paused' } },
        { method: 'GET' as const, url: '/api/question-sets/3000000000/export' },
        { method: 'POST' as const, url: '/api/campaigns', payload: { name: 'x', setId: 3_000_000_000 } },
      ]) {
        expect((await app.inject({ ...request, headers: organizer })).statusCode, request.url).toBe(400);
      }
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('takes the vote of a rater who comes back after a month to the item left open', async () => {
    const database = await freshPostgresDatabase();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const app = await buildApp(testConfig(database.url), { logger: false, runtime: { ...systemRuntime, now: () => new Date(clock) } });
    try {
      const rater = new TestRater(app);
      const open = await rater.nextAssignment();
      clock += 31 * 24 * 3600 * 1000;
      await rater.voteOk(open.assignmentId, 'A');
      const stored = await sql<{ elapsed: number }>`select elapsed_ms as elapsed from votes`.execute(app.arenaDb.db);
      expect(stored.rows).toEqual([{ elapsed: 2_147_483_647 }]);
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('imports uploads of one set arriving at once on two instances as versions in turn, the same content once', async () => {
    const database = await freshPostgresDatabase();
    const instances = [await buildApp(testConfig(database.url), { logger: false }), await buildApp(testConfig(database.url), { logger: false })];
    try {
      const upload = (app: FastifyInstance, file: object) => app.inject({ method: 'POST', url: '/api/question-sets', headers: organizer, payload: file });
      const same = await Promise.all(instances.map((app) => upload(app, revisedTiny(' (same)'))));
      expect(same.map((r) => r.statusCode).sort()).toEqual([200, 201]);
      expect(new Set(same.map((r) => r.json().set.id)).size).toBe(1);
      const different = await Promise.all(instances.map((app, i) => upload(app, revisedTiny(` (edit ${i})`))));
      expect(different.map((r) => r.statusCode)).toEqual([201, 201]);
      expect(different.map((r) => r.json().set.version).sort()).toEqual([3, 4]);
      const { rows } = await sql<{ active: number }>`
        select count(*)::integer as active from question_sets where status = 'active'`.execute(instances[0]!.arenaDb.db);
      expect(rows).toEqual([{ active: 1 }]);
    } finally {
      for (const app of instances) await app.close();
      await database.drop();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('live updates on PostgreSQL after the LISTEN connection drops', () => {
  it('listens again, and a watcher on one instance sees the votes cast on the other afterwards', async () => {
    const database = await freshPostgresDatabase();
    const instances = [await buildApp(testConfig(database.url), { logger: false }), await buildApp(testConfig(database.url), { logger: false })];
    const [first, second] = instances as [FastifyInstance, FastifyInstance];
    // injectWS, unlike inject, does not wait for the app to be ready.
    for (const app of instances) await app.ready();
    const { db } = first.arenaDb;
    const listening = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`.execute(db)).rows[0]!.n);
    const waitFor = async (done: () => boolean | Promise<boolean>, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((wait) => setTimeout(wait, 25));
      }
    };
    const received: LiveMessage[] = [];
    const socket: WebSocket = await second.injectWS('/api/live', {}, {
      onInit: (ws) => ws.on('message', (data) => received.push(liveMessageSchema.parse(JSON.parse(String(data))))),
    });
    try {
      await waitFor(() => received.length >= 1, 'the first board');
      await waitFor(async () => (await listening()) === 2, 'both instances to listen');
      // What a PostgreSQL restart does to the listening sessions.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`.execute(db);
      await waitFor(async () => (await listening()) === 2, 'both instances to listen again');
      const rater = new TestRater(first);
      await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
      await waitFor(() => received.some((m) => m.board.totalVotes === 1), 'the vote on the other instance');
    } finally {
      socket.terminate();
      for (const app of instances) await app.close();
      await database.drop();
    }
  });
});
