import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replayElo } from '../../shared/rating/elo.js';
import { createDb } from '../../server/db/create-db.js';
import { listAllRatings } from '../../server/repositories/ratings.js';
import { listVotesForReplay } from '../../server/repositories/votes.js';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { freePort } from '../helpers/ports.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'arena-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** 12 questions × 10 pairs of five models: 120 cells, enough for every rater to keep voting. */
function writeSet(path: string) {
  const models = ['m1', 'm2', 'm3', 'm4', 'm5'];
  const set = {
    format: 'arena-question-set/1',
    id: 'crash',
    name: 'Crash test',
    models: models.map((name) => ({ name })),
    questions: Array.from({ length: 12 }, (_, q) => ({
      id: `q${q}`,
      category: ['math', 'writing', 'reasoning'][q % 3],
      turns: [`Question ${q}?`],
      answers: Object.fromEntries(models.map((m) => [m, [`${m} answers ${q}`]])),
    })),
  };
  writeFileSync(path, JSON.stringify(set));
}

async function startServer(port: number, databaseUrl: string, setFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, ARENA_QUESTIONS: setFile, ARENA_RATE_LIMIT: '0', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  children.push(child);
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

interface Acknowledged {
  assignmentId: string;
  cookie: string;
  choice: string;
  body: string;
}

/** A rater that keeps voting until stopped; every 2xx vote it got is recorded. */
async function raterLoop(base: string, acknowledged: Acknowledged[], stop: { now: boolean }, index: number) {
  let cookie = '';
  while (!stop.now) {
    try {
      const next = await fetch(`${base}/api/next`, { headers: cookie ? { cookie } : {} });
      cookie ||= (next.headers.get('set-cookie') ?? '').split(';')[0]!;
      const item = (await next.json()) as { status: string; assignmentId: string };
      if (item.status !== 'assigned') return;
      const choice = ['A', 'B', 'tie'][(index + acknowledged.length) % 3]!;
      const vote = await fetch(`${base}/api/votes`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ assignmentId: item.assignmentId, choice }),
      });
      const body = await vote.text();
      if (vote.ok) acknowledged.push({ assignmentId: item.assignmentId, cookie, choice, body });
    } catch {
      return; // the server is gone
    }
  }
}

/** Starts a server, votes with 24 raters, SIGKILLs it mid-stream, restarts it, and checks the log and the ratings. */
async function killAndCheck(databaseUrl: string, setFile: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await startServer(port, databaseUrl, setFile);

  const acknowledged: Acknowledged[] = [];
  const stop = { now: false };
  const loops = Array.from({ length: 24 }, (_, i) => raterLoop(base, acknowledged, stop, i));
  while (acknowledged.length < 150) await new Promise((wait) => setTimeout(wait, 10));
  const exited = once(first, 'exit');
  first.kill('SIGKILL');
  stop.now = true;
  await Promise.all([exited, ...loops]);

  const second = await startServer(port, databaseUrl, setFile);
  // A client retrying an acknowledged vote after the restart gets the same answer, and nothing is counted twice.
  for (const vote of acknowledged.slice(0, 10)) {
    const retry = await fetch(`${base}/api/votes`, {
      method: 'POST',
      headers: { cookie: vote.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ assignmentId: vote.assignmentId, choice: vote.choice }),
    });
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe(vote.body);
  }
  const stopped = once(second, 'exit');
  second.kill('SIGTERM');
  await stopped;

  const arenaDb = createDb({ url: databaseUrl });
  try {
    const { db } = arenaDb;
    const stored = new Set((await db.selectFrom('votes').select('assignment_id').execute()).map((row) => row.assignment_id));
    for (const vote of acknowledged) expect(stored.has(vote.assignmentId), vote.assignmentId).toBe(true);
    const counts = await db
      .selectFrom('votes')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('assignment_id').distinct().as('d')])
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(Number(counts.d));
    expect(Number(counts.n)).toBeGreaterThanOrEqual(acknowledged.length);

    const replayed = replayElo(await listVotesForReplay(db));
    const ratings = (await listAllRatings(db)).filter((row) => row.scope === '*');
    expect(ratings).toHaveLength(replayed.size);
    for (const row of ratings) {
      expect(row.rating).toBeCloseTo(replayed.get(row.model)!.rating, 9);
      expect(row.votes).toBe(replayed.get(row.model)!.votes);
    }
  } finally {
    await arenaDb.close();
  }
}

describe('crash safety', () => {
  it('keeps every acknowledged vote exactly once through a SIGKILL on SQLite, with ratings equal to a replay', async () => {
    const setFile = join(dir, 'set.json');
    writeSet(setFile);
    await killAndCheck(join(dir, 'arena.db'), setFile);
  }, 60_000);

  it.skipIf(!TEST_DATABASE_URL)('does the same on PostgreSQL', async () => {
    const setFile = join(dir, 'set-pg.json');
    writeSet(setFile);
    const database = await freshPostgresDatabase();
    try {
      await killAndCheck(database.url, setFile);
    } finally {
      await database.drop();
    }
  }, 60_000);
});
