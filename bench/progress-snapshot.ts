/**
 * What the organizer's progress dashboard costs the raters. For each size (default 10,000, 100,000 and 1,000,000
 * votes, VOTES_PER_RATER a rater, every rater on every overlap item first, spread over the last two hours) the votes are
 * written straight into SQLite, then:
 *
 * 1. in-process, `GET /api/progress` (every active set) RUNS times, 20 new votes cast between runs: how long it takes
 *    and the longest event-loop stall it causes (`monitorEventLoopDelay`), which is how long every other request
 *    waits; the first (whose code is also compiled then) apart from the others (p50 / max);
 * 2. a real server on the same file, CONNECTIONS simulated raters voting for SECONDS three times in the same run: with
 *    no progress watcher; while an organizer opens `/api/progress/live` (whose first snapshot reads the whole log);
 *    and with that watcher connected. Vote p99, the slowest vote, and the slowest `GET /api/health` of a probe sent
 *    every 20 ms (a stall as the raters see it), and the ratio of vote p99 with a watcher to without.
 *
 *   npm run bench:progress        (SIZES=10000,100000,1000000 VOTES_PER_RATER=100 RUNS=4 CONNECTIONS=4 SECONDS=6)
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import WebSocket from 'ws';
import { BENCH_ADMIN_TOKEN, benchArena, fillVotes } from './lib/arena-fill.js';
import { scratchDir } from './lib/exit.js';
import { raterLoad, type RaterLoadResult } from './lib/rater-load.js';
import { arenaEnv, freePort, startServer, stopServer } from './lib/servers.js';
import { percentile } from './lib/stats.js';

const SIZES = (process.env['SIZES'] ?? '10000,100000,1000000').split(',').map(Number);
const VOTES_PER_RATER = Number(process.env['VOTES_PER_RATER'] ?? 100);
const RUNS = Number(process.env['RUNS'] ?? 4);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 4);
const SECONDS = Number(process.env['SECONDS'] ?? 6);

const organizer = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

/** A fixed pseudo-random number per (rater, vote), so every run writes the same log. */
const mix = (r: number, k: number) => (Math.imul(r + 1, 2654435761) ^ Math.imul(k + 1, 40503)) >>> 0;
/** Most raters prefer the first model (5:3:2 for A, B, tie); every 20th says tie to everything. */
const choiceOf = (r: number, k: number) => (r % 20 === 0 ? 'tie' : (['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'tie', 'tie'] as const)[mix(r, k) % 10]!);
const elapsedMsOf = (r: number, k: number) => 1500 + (mix(k, r) % 60) * 100;

/** Runs `work` and reports how long it took and the longest the event loop waited meanwhile, in ms. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // The histogram's timer records from its first turn on: a stall begun before it would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  // One more turn, so a stall at the very end is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 10));
  delay.disable();
  return { ms, stallMs: delay.max / 1e6 };
}

/** Casts `count` votes through the app for raters of the log, so the next snapshot has something new. */
async function castVotes(app: FastifyInstance, tokens: readonly string[], count: number, offset: number) {
  for (let i = 0; i < count; i++) {
    const cookie = `arena_rater=${tokens[((offset + i) * 7919) % tokens.length]}`;
    const item = await app.inject({ method: 'GET', url: '/api/next', headers: { cookie } });
    const { assignmentId } = item.json() as { assignmentId?: string };
    if (assignmentId) await app.inject({ method: 'POST', url: '/api/votes', headers: { cookie }, payload: { assignmentId, choice: 'A' } });
  }
}

async function snapshotsInProcess(app: FastifyInstance, tokens: readonly string[]) {
  const runs: { ms: number; stallMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (run > 0) await castVotes(app, tokens, 20, run * 20);
    runs.push(
      await timed(async () => {
        const response = await app.inject({ method: 'GET', url: '/api/progress', headers: organizer });
        if (response.statusCode !== 200) throw new Error(`GET /api/progress: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }),
    );
  }
  const [first, ...again] = runs;
  const ms = again.map((r) => r.ms).sort((a, b) => a - b);
  return { first: first!, againP50: percentile(ms, 0.5), againMax: ms.at(-1) ?? NaN, againStallMs: Math.max(...again.map((r) => r.stallMs)) };
}

/** `GET /api/health` every 20 ms until stopped: the slowest answer is the longest the server kept a request waiting. */
function healthProbe(port: number) {
  let running = true;
  let slowest = 0;
  const probing = (async () => {
    while (running) {
      const started = performance.now();
      const response = await request(`http://127.0.0.1:${port}/api/health`);
      await response.body.dump();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((wait) => setTimeout(wait, 20));
    }
  })();
  return async () => {
    running = false;
    await probing;
    return slowest;
  };
}

async function loadWithProbe(port: number): Promise<RaterLoadResult & { healthMaxMs: number }> {
  const stop = healthProbe(port);
  const load = await raterLoad({ ports: [port], connections: CONNECTIONS, seconds: SECONDS });
  return { ...load, healthMaxMs: await stop() };
}

/** One organizer on /api/progress/live; `first` resolves once the first snapshot has arrived. */
function progressWatcher(port: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/progress/live`, { headers: organizer });
  let received = 0;
  const started = performance.now();
  const first = new Promise<number>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('message', () => resolve(performance.now() - started));
  });
  socket.on('message', () => received++);
  return { first, received: () => received, close: () => socket.terminate() };
}

async function votesWithAndWithoutWatcher(file: string) {
  const port = await freePort();
  const server = await startServer(['--import', 'tsx', 'server/main.ts'], port, { ...arenaEnv, DATABASE_URL: file, ARENA_ADMIN_TOKEN: BENCH_ADMIN_TOKEN });
  try {
    // The server's code is compiled while it runs: a first, unmeasured second of load, so neither run pays for that.
    await raterLoad({ ports: [port], connections: CONNECTIONS, seconds: 1 });
    const alone = await loadWithProbe(port);
    // The organizer opens the dashboard while raters vote: the first snapshot reads the scope's whole log.
    const watcher = progressWatcher(port);
    const opening = await loadWithProbe(port);
    const firstMs = await watcher.first;
    const before = watcher.received();
    const watched = await loadWithProbe(port);
    const updates = watcher.received() - before;
    watcher.close();
    return { alone, opening, watched, firstMs, updates };
  } finally {
    await stopServer(server);
  }
}

const f = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const row = (name: string, r: RaterLoadResult & { healthMaxMs: number }) =>
  `    ${name.padEnd(40)} ${`${f(r.p99)} ms`.padStart(9)} ${`${f(r.max)} ms`.padStart(13)} ${`${f(r.healthMaxMs)} ms`.padStart(20)} ${r.votesPerSecond.toFixed(0).padStart(8)}`;

console.log(`progress snapshot of every active set; ${VOTES_PER_RATER} votes a rater; ${RUNS} snapshots in-process; ${CONNECTIONS} raters × ${SECONDS} s against a server (${process.version})`);
for (const votes of SIZES) {
  const dir = scratchDir('arena-bench-progress-');
  try {
    const file = join(dir.path, 'arena.db');
    const app = await benchArena(file);
    const raters = Math.ceil(votes / VOTES_PER_RATER);
    const filling = performance.now();
    const tokens = fillVotes(app, { raters, votes, overlapFirst: true, choiceOf, elapsedMsOf, spreadMinutes: 120 });
    const filledS = (performance.now() - filling) / 1000;
    const snapshots = await snapshotsInProcess(app, tokens);
    await app.close();
    const live = await votesWithAndWithoutWatcher(file);
    console.log(`\n${votes.toLocaleString('en')} votes, ${raters.toLocaleString('en')} raters (written in ${filledS.toFixed(0)} s)`);
    console.log(
      `  GET /api/progress in-process: first ${f(snapshots.first.ms)} ms (longest event-loop stall ${f(snapshots.first.stallMs)} ms); ` +
        `again p50 ${f(snapshots.againP50)} / max ${f(snapshots.againMax)} ms (longest stall ${f(snapshots.againStallMs)} ms)`,
    );
    console.log(`    ${'server, raters voting'.padEnd(40)} ${'vote p99'.padStart(9)} ${'slowest vote'.padStart(13)} ${'slowest /api/health'.padStart(20)} ${'votes/s'.padStart(8)}`);
    console.log(row('no watcher', live.alone));
    console.log(row('while a watcher gets its first snapshot', live.opening));
    console.log(row(`watcher connected (${live.updates} updates)`, live.watched));
    console.log(`  vote p99 with a watcher / without: ${(live.watched.p99 / live.alone.p99).toFixed(2)}; first live message after ${f(live.firstMs)} ms`);
    const errors = live.alone.errors + live.opening.errors + live.watched.errors;
    if (errors > 0) console.log(`  ${errors} requests failed`);
  } finally {
    dir.remove();
  }
}
