/**
 * Vote throughput and latency over HTTP: 50 concurrent simulated raters, each looping GET /api/next then
 * POST /api/votes, against the real arena (SQLite, rate limits off) and against a bare Fastify + better-sqlite3
 * baseline (bench/baseline-server.ts), in alternating rounds of the same run, since this shared machine's speed moves
 * within minutes. Prints each round's requests/s, votes/s, p50/p99 and server CPU per vote, and the median ratio.
 *
 *   npm run bench:http            (CONNECTIONS=50 SECONDS=5 ROUNDS=3)
 */
import { join } from 'node:path';
import { scratchDir } from './lib/exit.js';
import { loadRow, raterLoad, type RaterLoadResult } from './lib/rater-load.js';
import { arenaEnv, cpuSeconds, freePort, startServer, stopServer } from './lib/servers.js';
import { percentile } from './lib/stats.js';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const SECONDS = Number(process.env['SECONDS'] ?? 5);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);

/** The load, and the server's CPU time per vote (all its threads) while it ran. */
async function measure(port: number, pid: number): Promise<{ load: RaterLoadResult; cpuMsPerVote: number }> {
  const cpuBefore = cpuSeconds(pid);
  const load = await raterLoad({ ports: [port], connections: CONNECTIONS, seconds: SECONDS });
  const cpuMsPerVote = ((cpuSeconds(pid) - cpuBefore) * 1000) / (load.votesPerSecond * SECONDS);
  return { load, cpuMsPerVote };
}

const dir = scratchDir('arena-bench-http-');
try {
  const baselinePort = await freePort();
  const baselineServer = await startServer(['--import', 'tsx', 'bench/baseline-server.ts'], baselinePort, { DATABASE_URL: join(dir.path, 'baseline.db') });
  const arenaPort = await freePort();
  const arenaServer = await startServer(['--import', 'tsx', 'server/main.ts'], arenaPort, { ...arenaEnv, DATABASE_URL: join(dir.path, 'arena.db') });

  console.log(`${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, server and load generator on this machine (${process.version})`);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // New raters each round (the arena's raters would run out of cells), on the same servers and databases.
    const baseline = await measure(baselinePort, baselineServer.pid!);
    const arena = await measure(arenaPort, arenaServer.pid!);
    const cpu = (m: { cpuMsPerVote: number }) => `   CPU ${m.cpuMsPerVote.toFixed(2)} ms/vote`;
    console.log(`round ${round}`);
    console.log(loadRow('  baseline: bare Fastify + better-sqlite3', baseline.load) + cpu(baseline));
    console.log(loadRow('  arena: next + vote, scheduler, Elo, SQLite', arena.load) + cpu(arena));
    ratios.push(arena.load.votesPerSecond / baseline.load.votesPerSecond);
  }
  await stopServer(baselineServer);
  await stopServer(arenaServer);
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`arena / baseline votes/s by round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${percentile(sorted, 0.5).toFixed(2)}`);
} finally {
  dir.remove();
}
