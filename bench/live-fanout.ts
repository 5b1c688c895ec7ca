/**
 * WebSocket fan-out: CLIENTS leaderboard watchers (default 1,000) on /api/live of a real arena server; one rater votes
 * VOTES times, and for each vote we time from the vote's 200 (the commit) until the last watcher has the new board.
 * Also prints the server's resident memory (VmRSS) idle, with the watchers connected, and after the votes.
 *
 *   npm run bench:fanout          (CLIENTS=1000 VOTES=20)
 */
import { join } from 'node:path';
import { scratchDir } from './lib/exit.js';
import { connectWatchers, singleRater } from './lib/live-watchers.js';
import { arenaEnv, freePort, rssMb, startServer, stopServer } from './lib/servers.js';

const CLIENTS = Number(process.env['CLIENTS'] ?? 1000);
const VOTES = Number(process.env['VOTES'] ?? 20);

const dir = scratchDir('arena-bench-fanout-');
const port = await freePort();
const server = await startServer(['--import', 'tsx', 'server/main.ts'], port, { ...arenaEnv, DATABASE_URL: join(dir.path, 'arena.db') });
try {
  const idle = rssMb(server.pid!);
  const watchers = await connectWatchers(port, CLIENTS);
  const connected = rssMb(server.pid!);

  const vote = singleRater(port);
  const delays: number[] = [];
  for (let v = 0; v < VOTES; v++) {
    const committed = await vote();
    delays.push(Math.max(...(await watchers.allHave(v + 1))) - committed);
  }
  const afterVotes = rssMb(server.pid!);
  watchers.close();

  delays.sort((a, b) => a - b);
  console.log(`${CLIENTS} watchers on /api/live, ${VOTES} votes one after another (${process.version})`);
  console.log(`commit → last watcher: median ${delays[delays.length >> 1]!.toFixed(1)} ms, max ${delays[delays.length - 1]!.toFixed(1)} ms (aim: under 250 ms)`);
  console.log(`server memory (VmRSS): idle ${idle.toFixed(0)} MB, ${CLIENTS} watchers ${connected.toFixed(0)} MB, after votes ${afterVotes.toFixed(0)} MB`);
} finally {
  await stopServer(server);
  dir.remove();
}
