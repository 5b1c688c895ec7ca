/**
 * GET /api/next latency on a big database: RATERS raters (default 10,000) who cast VOTES votes (default 1,000,000) on
 * the default set, written straight into SQLite, then timed `GET /api/next` + `POST /api/votes` for a sample of them
 * through the real app (in-process inject). Compared with the same on an empty database in the same run.
 *
 *   npm run bench:next            (RATERS=10000 VOTES=1000000 SAMPLE=500)
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { packageRoot } from '../server/paths.js';

const RATERS = Number(process.env['RATERS'] ?? 10_000);
const VOTES = Number(process.env['VOTES'] ?? 1_000_000);
const SAMPLE = Number(process.env['SAMPLE'] ?? 500);

async function arena(databaseUrl: string): Promise<FastifyInstance> {
  return buildApp(
    {
      databaseUrl,
      sqliteSynchronous: 'NORMAL',
      defaultQuestionSetPath: join(packageRoot(), 'questions/default.json'),
      overlapItems: 20,
      overlapEvery: 2,
      cookieSecure: false,
      uploadLimitBytes: 50 * 1024 * 1024,
      allowedOrigins: [],
      rateLimits: null,
      roles: { adminToken: 'bench-admin-token-0123456789', researchToken: null, resultsPublic: false },
      clientDir: null,
      logLevel: 'silent',
    },
    { logger: false },
  );
}

/** Raters with known cookies, each with VOTES / RATERS voted assignments on distinct cells; all in one transaction. */
function fill(app: FastifyInstance): string[] {
  if (app.arenaDb.kind !== 'sqlite') throw new Error('SQLite only');
  const db = app.arenaDb.sqlite;
  const cells = db.prepare('select c.id, c.set_id, c.question_id, c.model_low_id, c.model_high_id, c.is_overlap, q.category from cells c join questions q on q.id = c.question_id').all() as {
    id: number; set_id: number; question_id: number; model_low_id: number; model_high_id: number; is_overlap: number; category: string;
  }[];
  const perRater = Math.min(cells.length - 10, Math.ceil(VOTES / RATERS));
  const tokens: string[] = [];
  const insertRater = db.prepare('insert into raters (token_hash, pseudonym, created_at) values (?, ?, ?)');
  const insertAssignment = db.prepare('insert into assignments (id, rater_id, cell_id, model_a_id, model_b_id, is_overlap, served_at, voted_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertVote = db.prepare(`insert into votes (assignment_id, rater_id, set_id, question_id, cell_id, category, model_a_id, model_b_id, choice,
    is_overlap, elapsed_ms, rating_a_before, rating_b_before, rating_a_after, rating_b_after, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1000, 1000, 1000, 1000, ?)`);
  const countCell = db.prepare('update cells set vote_count = vote_count + ? where id = ?');
  const now = new Date().toISOString();
  const perCell = new Map<number, number>();
  let votes = 0;
  db.transaction(() => {
    for (let r = 0; r < RATERS && votes < VOTES; r++) {
      const token = randomBytes(24).toString('base64url');
      tokens.push(token);
      const raterId = Number(insertRater.run(createHash('sha256').update(token).digest('hex'), `rater-bench-${r}`, now).lastInsertRowid);
      const start = (r * 37) % cells.length;
      for (let k = 0; k < perRater && votes < VOTES; k++, votes++) {
        const cell = cells[(start + k) % cells.length]!;
        const id = `bench-${r}-${k}`;
        insertAssignment.run(id, raterId, cell.id, cell.model_low_id, cell.model_high_id, cell.is_overlap, now, now);
        insertVote.run(id, raterId, cell.set_id, cell.question_id, cell.id, cell.category, cell.model_low_id, cell.model_high_id, ['A', 'B', 'tie'][k % 3], cell.is_overlap, 5000, now);
        perCell.set(cell.id, (perCell.get(cell.id) ?? 0) + 1);
      }
    }
    for (const [cellId, count] of perCell) countCell.run(count, cellId);
  })();
  return tokens;
}

async function time(app: FastifyInstance, tokens: string[]) {
  const next: number[] = [];
  const vote: number[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const cookie = tokens.length > 0 ? `arena_rater=${tokens[(i * 7919) % tokens.length]}` : undefined;
    let started = performance.now();
    const item = await app.inject({ method: 'GET', url: '/api/next', headers: cookie ? { cookie } : {} });
    next.push(performance.now() - started);
    const jar = cookie ?? String(item.headers['set-cookie']).split(';')[0]!;
    started = performance.now();
    await app.inject({ method: 'POST', url: '/api/votes', headers: { cookie: jar }, payload: { assignmentId: item.json().assignmentId, choice: 'A' } });
    vote.push(performance.now() - started);
  }
  const summary = (values: number[]) => {
    values.sort((a, b) => a - b);
    return `p50 ${values[values.length >> 1]!.toFixed(2)} ms, p99 ${values[Math.floor(values.length * 0.99)]!.toFixed(2)} ms`;
  };
  return { next: summary(next), vote: summary(vote) };
}

const dir = mkdtempSync(join(tmpdir(), 'arena-bench-next-'));
try {
  const empty = await arena(join(dir, 'empty.db'));
  const emptyTimes = await time(empty, []);
  await empty.close();

  const big = await arena(join(dir, 'big.db'));
  const started = performance.now();
  const tokens = fill(big);
  const filled = ((performance.now() - started) / 1000).toFixed(1);
  const bigTimes = await time(big, tokens);
  await big.close();

  console.log(`GET /api/next and POST /api/votes through the app (inject), ${SAMPLE} samples each (${process.version})`);
  console.log(`empty database:                      next ${emptyTimes.next}; vote ${emptyTimes.vote}`);
  console.log(`${VOTES.toLocaleString('en')} votes, ${RATERS.toLocaleString('en')} raters (filled in ${filled} s): next ${bigTimes.next}; vote ${bigTimes.vote}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
