import { once } from 'node:events';
import WebSocket from 'ws';

/**
 * Leaderboard watchers on one server's /api/live. Each records the totalVotes of every board it receives, and when,
 * so a benchmark can tell when the last of them has the board after a given vote.
 */
export interface LiveWatchers {
  count: number;
  /** Arrival times (performance.now()) of the board with this totalVotes, once every watcher has it; throws after timeoutMs. */
  allHave(totalVotes: number, timeoutMs?: number): Promise<number[]>;
  close(): void;
}

export async function connectWatchers(port: number, count: number): Promise<LiveWatchers> {
  const latest = new Array<number>(count).fill(-1);
  const arrivals = new Map<number, number[]>();
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api/live`);
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
  // Every watcher is sent the current board on connecting.
  while (latest.some((total) => total < 0)) await new Promise((wait) => setTimeout(wait, 10));
  return {
    count,
    async allHave(totalVotes, timeoutMs = 5000) {
      const deadline = performance.now() + timeoutMs;
      while ((arrivals.get(totalVotes)?.length ?? 0) < count && performance.now() < deadline) await new Promise((wait) => setTimeout(wait, 1));
      const times = arrivals.get(totalVotes) ?? [];
      if (times.length < count) throw new Error(`only ${times.length} of ${count} watchers on port ${port} got the board with ${totalVotes} votes`);
      return times;
    },
    close() {
      for (const socket of sockets) socket.terminate();
    },
  };
}

/** One rater who votes 'A' on each item: returns performance.now() when the vote's 200 (its commit) arrived. */
export function singleRater(port: number) {
  const base = `http://127.0.0.1:${port}`;
  let cookie = '';
  return async function vote(): Promise<number> {
    const next = await fetch(`${base}/api/next`, { headers: cookie ? { cookie } : {} });
    cookie ||= (next.headers.get('set-cookie') ?? '').split(';')[0]!;
    const item = (await next.json()) as { assignmentId: string };
    const response = await fetch(`${base}/api/votes`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ assignmentId: item.assignmentId, choice: 'A' }),
    });
    const committed = performance.now();
    if (!response.ok) throw new Error(`vote failed: ${response.status}`);
    await response.text();
    return committed;
  };
}
