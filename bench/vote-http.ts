/**
 * Vote throughput and latency over HTTP: 50 concurrent simulated raters, each looping GET /api/next then
 * POST /api/votes, against the real arena (SQLite, rate limits off) and against a bare Fastify + better-sqlite3
 * baseline (bench/baseline-server.ts) measured in the same run. Prints requests/s, votes/s, p50/p99 and the ratio.
 *
 *   npm run bench:http            (CONNECTIONS=50 SECONDS=8)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const SECONDS = Number(process.env['SECONDS'] ?? 8);
const root = join(import.meta.dirname, '..');

async function start(script: string[], port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, script, { cwd: root, env: { ...process.env, PORT: String(port), ...env }, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      const response = await request(`http://127.0.0.1:${port}/api/health`);
      await response.body.dump();
      if (response.statusCode === 200) return child;
    } catch {
      // not yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script.join(' ')} did not start`);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Every simulated rater keeps its own cookie; the run stops by itself after SECONDS. */
async function load(port: number) {
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1 });
  const base = `http://127.0.0.1:${port}`;
  const voteLatencies: number[] = [];
  let requests = 0;
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const rater = async (index: number) => {
    let cookie = '';
    while (performance.now() < deadline) {
      const next = await request(`${base}/api/next`, { dispatcher: agent, headers: cookie ? { cookie } : {} });
      const setCookie = next.headers['set-cookie'];
      if (!cookie && setCookie) cookie = String(setCookie).split(';')[0]!;
      const item = (await next.body.json()) as { status: string; assignmentId: string };
      requests++;
      if (item.status !== 'assigned') return;
      const started = performance.now();
      const vote = await request(`${base}/api/votes`, {
        dispatcher: agent,
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ assignmentId: item.assignmentId, choice: ['A', 'B', 'tie'][(index + requests) % 3] }),
      });
      await vote.body.dump();
      voteLatencies.push(performance.now() - started);
      requests++;
      if (vote.statusCode !== 200) errors++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => rater(i)));
  const seconds = (performance.now() - began) / 1000;
  await agent.close();
  voteLatencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: requests / seconds,
    votesPerSecond: voteLatencies.length / seconds,
    p50: percentile(voteLatencies, 0.5),
    p99: percentile(voteLatencies, 0.99),
    errors,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'arena-bench-http-'));
try {
  const baselineServer = await start(['--import', 'tsx', 'bench/baseline-server.ts'], 3201, { DATABASE_URL: join(dir, 'baseline.db') });
  const baseline = await load(3201);
  baselineServer.kill('SIGTERM');
  await once(baselineServer, 'exit');

  const arenaServer = await start(['--import', 'tsx', 'server/main.ts'], 3202, {
    DATABASE_URL: join(dir, 'arena.db'),
    ARENA_RATE_LIMIT: '0',
    LOG_LEVEL: 'error',
  });
  const arena = await load(3202);
  arenaServer.kill('SIGTERM');
  await once(arenaServer, 'exit');

  const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    `${name.padEnd(46)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s ${r.votesPerSecond.toFixed(0).padStart(6)} votes/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   errors ${r.errors}`;
  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, server and load generator on this machine (${process.version})`);
  console.log(row('baseline: bare Fastify + better-sqlite3', baseline));
  console.log(row('arena: next + vote, scheduler, Elo, SQLite', arena));
  console.log(`arena / baseline votes/s: ${(arena.votesPerSecond / baseline.votesPerSecond).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
