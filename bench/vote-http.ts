/**
 * Vote throughput and latency over HTTP: 50 concurrent simulated raters, each looping GET /api/next then
 * POST /api/votes, against the real arena (SQLite, rate limits off) and against a bare Fastify + better-sqlite3
 * baseline (bench/baseline-server.ts) measured in the same run. Prints requests/s, votes/s, p50/p99 and the ratio.
 *
 *   npm run bench:http            (CONNECTIONS=50 SECONDS=8)
 */
import { join } from 'node:path';
import { scratchDir } from './lib/exit.js';
import { loadRow, raterLoad } from './lib/rater-load.js';
import { arenaEnv, freePort, startServer, stopServer } from './lib/servers.js';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const SECONDS = Number(process.env['SECONDS'] ?? 8);

const dir = scratchDir('arena-bench-http-');
try {
  const baselinePort = await freePort();
  const baselineServer = await startServer(['--import', 'tsx', 'bench/baseline-server.ts'], baselinePort, { DATABASE_URL: join(dir.path, 'baseline.db') });
  const baseline = await raterLoad({ ports: [baselinePort], connections: CONNECTIONS, seconds: SECONDS });
  await stopServer(baselineServer);

  const arenaPort = await freePort();
  const arenaServer = await startServer(['--import', 'tsx', 'server/main.ts'], arenaPort, { ...arenaEnv, DATABASE_URL: join(dir.path, 'arena.db') });
  const arena = await raterLoad({ ports: [arenaPort], connections: CONNECTIONS, seconds: SECONDS });
  await stopServer(arenaServer);

  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, server and load generator on this machine (${process.version})`);
  console.log(loadRow('baseline: bare Fastify + better-sqlite3', baseline));
  console.log(loadRow('arena: next + vote, scheduler, Elo, SQLite', arena));
  console.log(`arena / baseline votes/s: ${(arena.votesPerSecond / baseline.votesPerSecond).toFixed(2)}`);
} finally {
  dir.remove();
}
