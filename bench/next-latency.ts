/**
 * GET /api/next latency on a big database: RATERS raters (default 10,000) who cast VOTES votes (default 1,000,000) on
 * the default set, written straight into SQLite, then timed `GET /api/next` + `POST /api/votes` for a sample of them
 * through the real app (in-process inject). Compared with the same on an empty database in the same run.
 *
 *   npm run bench:next            (RATERS=10000 VOTES=1000000 SAMPLE=500)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { benchArena, fillVotes } from './lib/arena-fill.js';

const RATERS = Number(process.env['RATERS'] ?? 10_000);
const VOTES = Number(process.env['VOTES'] ?? 1_000_000);
const SAMPLE = Number(process.env['SAMPLE'] ?? 500);

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
  const empty = await benchArena(join(dir, 'empty.db'));
  const emptyTimes = await time(empty, []);
  await empty.close();

  const big = await benchArena(join(dir, 'big.db'));
  const started = performance.now();
  const tokens = fillVotes(big, { raters: RATERS, votes: VOTES });
  const filled = ((performance.now() - started) / 1000).toFixed(1);
  const bigTimes = await time(big, tokens);
  await big.close();

  console.log(`GET /api/next and POST /api/votes through the app (inject), ${SAMPLE} samples each (${process.version})`);
  console.log(`empty database:                      next ${emptyTimes.next}; vote ${emptyTimes.vote}`);
  console.log(`${VOTES.toLocaleString('en')} votes, ${RATERS.toLocaleString('en')} raters (filled in ${filled} s): next ${bigTimes.next}; vote ${bigTimes.vote}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
