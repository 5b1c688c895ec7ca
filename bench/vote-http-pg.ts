/**
 * Vote throughput and latency on PostgreSQL with two server instances sharing one database: CONNECTIONS simulated
 * raters (default 50), each looping GET /api/next then POST /api/votes, split over the two instances' ports; beside
 * the same load against one instance on PostgreSQL and against the bare baseline (bench/baseline-server.ts), in the
 * same run. After each PostgreSQL run it checks that the database holds exactly the acknowledged votes and that the
 * stored overall ratings equal a replay of the log.
 *
 * Raters stick to one instance each (ROUTING=sticky, the default), as behind a load balancer with session affinity:
 * that is how we would deploy, and it splits the load evenly. ROUTING=alternate sends every request to the other
 * instance than the one before (each item from one, its vote to the other), as a balancer without affinity would at
 * worst; the per-rater advisory lock and the per-model row locks must keep that correct too.
 *
 * MODELS=16 serves the default set's questions with 16 models instead of its 5 (bench/lib/wide-set.ts): votes lock
 * their pair's two models, so with 5 models most votes in flight share one and wait; with 16 most pairs are disjoint.
 *
 *   npm run bench:http:pg         (CONNECTIONS=50 SECONDS=8 ROUTING=sticky MODELS=5; BENCH_DATABASE_URL to use your server)
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { scratchDir } from './lib/exit.js';
import { startPostgres, type PostgresServer } from './lib/postgres.js';
import { withBackendWaits } from './lib/postgres-waits.js';
import { loadRow, raterLoad, type RaterLoadResult } from './lib/rater-load.js';
import { arenaEnv, cpuSeconds, cpuSecondsOfCommand, freePort, machineBusySeconds, startServer, stopServer } from './lib/servers.js';
import { checkVoteLog, describeCheck, type VoteLogCheck } from './lib/vote-log.js';
import { writeDefaultSetWithModels } from './lib/wide-set.js';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const SECONDS = Number(process.env['SECONDS'] ?? 8);
const ROUTING = process.env['ROUTING'] === 'alternate' ? 'alternate' : 'sticky';
const MODELS = Number(process.env['MODELS'] ?? 5);

/** Where the CPU went while the load ran: per vote, in the arena's servers and in PostgreSQL's processes; all cores. */
interface CpuUse {
  serversMsPerVote: number;
  /** Zero when PostgreSQL runs elsewhere (BENCH_DATABASE_URL on another machine). */
  postgresMsPerVote: number;
  machineBusy: number;
}

/** `instances` arena servers on a fresh database, started one after another (the first migrates and loads the set). */
async function arenaOnPostgres(
  postgres: PostgresServer,
  instances: number,
  questions: Record<string, string>,
): Promise<RaterLoadResult & { backendWaits: string; check: VoteLogCheck; cpu: CpuUse }> {
  const database = await postgres.createDatabase();
  const servers: ChildProcess[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < instances; i++) {
      const port = await freePort();
      servers.push(await startServer(['--import', 'tsx', 'server/main.ts'], port, { ...arenaEnv, ...questions, DATABASE_URL: database.url }));
      ports.push(port);
    }
    const serversCpu = () => servers.reduce((sum, server) => sum + cpuSeconds(server.pid!), 0);
    const before = { servers: serversCpu(), postgres: cpuSecondsOfCommand('postgres'), machine: machineBusySeconds(), at: performance.now() };
    const { result, waits } = await withBackendWaits(database.url, () =>
      raterLoad({ ports, connections: CONNECTIONS, seconds: SECONDS, routing: ROUTING }),
    );
    const votes = result.acknowledged;
    const cpu = {
      serversMsPerVote: ((serversCpu() - before.servers) * 1000) / votes,
      postgresMsPerVote: ((cpuSecondsOfCommand('postgres') - before.postgres) * 1000) / votes,
      machineBusy: (machineBusySeconds() - before.machine) / (((performance.now() - before.at) / 1000) * cpus().length),
    };
    await Promise.all(servers.splice(0).map(stopServer));
    return { ...result, backendWaits: waits, check: await checkVoteLog(database.url, result.acknowledged), cpu };
  } finally {
    await Promise.all(servers.map(stopServer));
    await database.drop();
  }
}

const postgres = await startPostgres();
const dir = scratchDir('arena-bench-http-pg-');
try {
  const load = loadavg()[0]!.toFixed(2);
  const baselinePort = await freePort();
  const baselineServer = await startServer(['--import', 'tsx', 'bench/baseline-server.ts'], baselinePort, { DATABASE_URL: join(dir.path, 'baseline.db') });
  let baseline: RaterLoadResult;
  try {
    baseline = await raterLoad({ ports: [baselinePort], connections: CONNECTIONS, seconds: SECONDS });
  } finally {
    await stopServer(baselineServer);
  }
  const questions: Record<string, string> = MODELS === 5 ? {} : { ARENA_QUESTIONS: writeDefaultSetWithModels(dir.path, MODELS) };
  const one = await arenaOnPostgres(postgres, 1, questions);
  const two = await arenaOnPostgres(postgres, 2, questions);

  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, ${MODELS} models, servers, PostgreSQL and load generator on this machine`);
  console.log(`(${process.version}, ${cpus().length} cores, load average ${load} before the run; PostgreSQL: ${postgres.description})`);
  console.log(loadRow('baseline: bare Fastify + better-sqlite3', baseline));
  console.log(loadRow('arena: one instance, PostgreSQL', one));
  console.log(loadRow(`arena: two instances, PostgreSQL (${ROUTING})`, two));
  const ratio = (a: RaterLoadResult, b: RaterLoadResult) => (a.votesPerSecond / b.votesPerSecond).toFixed(2);
  console.log(`votes/s: one instance / baseline ${ratio(one, baseline)}, two instances / baseline ${ratio(two, baseline)}, two / one ${ratio(two, one)}`);
  for (const [name, run] of [['one instance', one], ['two instances', two]] as const) {
    console.log(`${name}: ${describeCheck(run.check)}${run.finishedRaters > 0 ? `; ${run.finishedRaters} raters ran out of items` : ''}`);
    console.log(`${name}: busy PostgreSQL backends were ${run.backendWaits}`);
    const { serversMsPerVote, postgresMsPerVote, machineBusy } = run.cpu;
    const postgresCpu = postgresMsPerVote > 0 ? `, PostgreSQL ${postgresMsPerVote.toFixed(2)} ms` : '';
    console.log(`${name}: CPU per vote: arena servers ${serversMsPerVote.toFixed(2)} ms${postgresCpu}; the machine's cores ${(machineBusy * 100).toFixed(0)}% busy`);
  }
  if ([one, two].some((run) => run.check.stored !== run.check.acknowledged || run.check.mismatchedModels > 0)) process.exitCode = 1;
} finally {
  await postgres.stop();
  dir.remove();
}
