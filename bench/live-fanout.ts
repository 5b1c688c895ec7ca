/**
 * WebSocket fan-out: CLIENTS leaderboard watchers (default 1,000) on /api/live of a real arena server; one rater votes
 * VOTES times, and for each vote we time from the vote's 200 (the commit) until the last watcher has the new board.
 * Also prints the server's resident memory (VmRSS) idle, with the watchers connected, and after the votes.
 *
 *   npm run bench:fanout          (CLIENTS=1000 VOTES=20)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const CLIENTS = Number(process.env['CLIENTS'] ?? 1000);
const VOTES = Number(process.env['VOTES'] ?? 20);
const PORT = 3203;
const base = `http://127.0.0.1:${PORT}`;
const root = join(import.meta.dirname, '..');

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const dir = mkdtempSync(join(tmpdir(), 'arena-bench-fanout-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  env: { ...process.env, PORT: String(PORT), DATABASE_URL: join(dir, 'arena.db'), ARENA_RATE_LIMIT: '0', LOG_LEVEL: 'error' },
  stdio: 'ignore',
});
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      if (i > 200) throw new Error('server did not start');
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  const idle = rssMb(server.pid!);

  // Each watcher records the totalVotes of every board it receives, and when.
  const latest = new Array<number>(CLIENTS).fill(-1);
  const arrivals = new Map<number, number[]>();
  const sockets = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => {
      const socket = new WebSocket(`ws://127.0.0.1:${PORT}/api/live`);
      socket.on('message', (data) => {
        const total = (JSON.parse(String(data)) as { board: { totalVotes: number } }).board.totalVotes;
        latest[i] = total;
        const times = arrivals.get(total) ?? [];
        times.push(performance.now());
        arrivals.set(total, times);
      });
      return once(socket, 'open').then(() => socket);
    }),
  );
  while (latest.some((total) => total < 0)) await new Promise((wait) => setTimeout(wait, 10));
  const connected = rssMb(server.pid!);

  let cookie = '';
  const delays: number[] = [];
  for (let v = 0; v < VOTES; v++) {
    const next = await fetch(`${base}/api/next`, { headers: cookie ? { cookie } : {} });
    cookie ||= (next.headers.get('set-cookie') ?? '').split(';')[0]!;
    const item = (await next.json()) as { assignmentId: string };
    const vote = await fetch(`${base}/api/votes`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ assignmentId: item.assignmentId, choice: 'A' }),
    });
    const committed = performance.now();
    if (!vote.ok) throw new Error(`vote failed: ${vote.status}`);
    await vote.text();
    const deadline = committed + 5000;
    while ((arrivals.get(v + 1)?.length ?? 0) < CLIENTS && performance.now() < deadline) await new Promise((wait) => setTimeout(wait, 1));
    const times = arrivals.get(v + 1) ?? [];
    if (times.length < CLIENTS) throw new Error(`only ${times.length} of ${CLIENTS} watchers got vote ${v + 1}`);
    delays.push(Math.max(...times) - committed);
  }
  const afterVotes = rssMb(server.pid!);
  for (const socket of sockets) socket.terminate();

  delays.sort((a, b) => a - b);
  console.log(`${CLIENTS} watchers on /api/live, ${VOTES} votes one after another (${process.version})`);
  console.log(`commit → last watcher: median ${delays[delays.length >> 1]!.toFixed(1)} ms, max ${delays[delays.length - 1]!.toFixed(1)} ms (aim: under 250 ms)`);
  console.log(`server memory (VmRSS): idle ${idle.toFixed(0)} MB, ${CLIENTS} watchers ${connected.toFixed(0)} MB, after votes ${afterVotes.toFixed(0)} MB`);
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  rmSync(dir, { recursive: true, force: true });
}
