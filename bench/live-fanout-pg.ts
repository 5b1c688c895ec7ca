/**
 * WebSocket fan-out across instances: two arena servers on one PostgreSQL database, CLIENTS leaderboard watchers
 * (default 1,000) on /api/live, half on each; one rater votes VOTES times on the first instance, and for each vote we
 * time from the vote's 200 (the commit) until the last watcher on EACH instance has the new board. The other instance
 * learns of the vote only through NOTIFY; so does the first, since both hubs listen the same way. Also prints each
 * server's resident memory (VmRSS) idle, with its watchers connected, and after the votes.
 *
 *   npm run bench:fanout:pg       (CLIENTS=1000 VOTES=20; BENCH_DATABASE_URL to use your server)
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { connectWatchers, singleRater } from './lib/live-watchers.js';
import { startPostgres } from './lib/postgres.js';
import { arenaEnv, freePort, rssMb, startServer, stopServer } from './lib/servers.js';
import { percentile } from './lib/stats.js';

const CLIENTS = Number(process.env['CLIENTS'] ?? 1000);
const VOTES = Number(process.env['VOTES'] ?? 20);

const postgres = await startPostgres();
const servers: ChildProcess[] = [];
let database: Awaited<ReturnType<typeof postgres.createDatabase>> | undefined;
try {
  database = await postgres.createDatabase();
  const load = loadavg()[0]!.toFixed(2);
  // One after the other: the first migrates and loads the default set, the second finds both done.
  const ports = [await freePort(), await freePort()];
  for (const port of ports) {
    servers.push(await startServer(['--import', 'tsx', 'server/main.ts'], port, { ...arenaEnv, DATABASE_URL: database.url }));
  }
  const memory = () => servers.map((server) => rssMb(server.pid!));
  const idle = memory();
  const watchers = await Promise.all([connectWatchers(ports[0]!, Math.ceil(CLIENTS / 2)), connectWatchers(ports[1]!, Math.floor(CLIENTS / 2))]);
  const connected = memory();

  const vote = singleRater(ports[0]!);
  const delays: number[][] = [[], []];
  for (let v = 0; v < VOTES; v++) {
    const committed = await vote();
    const arrivals = await Promise.all(watchers.map((group) => group.allHave(v + 1)));
    arrivals.forEach((times, i) => delays[i]!.push(Math.max(...times) - committed));
  }
  const afterVotes = memory();
  for (const group of watchers) group.close();

  console.log(`${CLIENTS} watchers on /api/live of two instances sharing PostgreSQL, ${VOTES} votes one after another on instance 1`);
  console.log(`(${process.version}, ${cpus().length} cores, load average ${load} before the run; PostgreSQL: ${postgres.description})`);
  ['instance 1 (votes cast here)', 'instance 2 (other instance)'].forEach((name, i) => {
    const sorted = delays[i]!.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(30)} ${String(watchers[i]!.count).padStart(5)} watchers: commit → last watcher median ${percentile(sorted, 0.5).toFixed(1)} ms, ` +
        `max ${sorted[sorted.length - 1]!.toFixed(1)} ms; VmRSS idle ${idle[i]!.toFixed(0)} MB, ` +
        `with watchers ${connected[i]!.toFixed(0)} MB, after votes ${afterVotes[i]!.toFixed(0)} MB`,
    );
  });
  console.log('aim: under 250 ms to the last watcher');
} finally {
  await Promise.all(servers.map(stopServer));
  await database?.drop();
  await postgres.stop();
}
