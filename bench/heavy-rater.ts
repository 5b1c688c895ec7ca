/**
 * One rater going through a whole 16-model set alone (the survey's design: 54 questions × 120 pairs = 6,480 items),
 * `GET /api/next` then `POST /api/votes` through the real app (in-process inject). Prints the latency of each
 * thousand items; the figure to quote is the last thousand's against the second's (the first also warms up the JIT),
 * which is 1 when a request's cost does not grow with the rater's history.
 *
 *   npm run bench:heavy-rater     (MODELS=16 BUCKET=1000)
 */
import { join } from 'node:path';
import { benchArena } from './lib/arena-fill.js';
import { scratchDir } from './lib/exit.js';
import { percentile } from './lib/stats.js';
import { writeDefaultSetWithModels } from './lib/wide-set.js';

const MODELS = Number(process.env['MODELS'] ?? 16);
const BUCKET = Number(process.env['BUCKET'] ?? 1000);

const dir = scratchDir('arena-bench-heavy-rater-');
try {
  const app = await benchArena(join(dir.path, 'arena.db'), writeDefaultSetWithModels(dir.path, MODELS));
  let cookie: string | undefined;
  const buckets: { next: number; vote: number }[] = [];
  let next: number[] = [];
  let vote: number[] = [];
  const flush = () => {
    next.sort((a, b) => a - b);
    vote.sort((a, b) => a - b);
    buckets.push({ next: percentile(next, 0.5), vote: percentile(vote, 0.5) });
    console.log(
      `items ${String((buckets.length - 1) * BUCKET + 1).padStart(5)}–${String((buckets.length - 1) * BUCKET + next.length).padEnd(5)}  next p50 ${buckets.at(-1)!.next.toFixed(3)} ms   vote p50 ${buckets.at(-1)!.vote.toFixed(3)} ms`,
    );
    next = [];
    vote = [];
  };
  for (;;) {
    let started = performance.now();
    const item = await app.inject({ method: 'GET', url: '/api/next', headers: cookie ? { cookie } : {} });
    const elapsed = performance.now() - started;
    cookie ??= String(item.headers['set-cookie']).split(';')[0]!;
    const body = item.json() as { status: string; assignmentId: string };
    if (body.status !== 'assigned') break;
    next.push(elapsed);
    started = performance.now();
    const answer = await app.inject({ method: 'POST', url: '/api/votes', headers: { cookie }, payload: { assignmentId: body.assignmentId, choice: 'A' } });
    if (answer.statusCode !== 200) throw new Error(`vote refused: ${answer.body}`);
    vote.push(performance.now() - started);
    if (next.length === BUCKET) flush();
  }
  if (next.length > 0) flush();
  await app.close();
  const second = buckets[1] ?? buckets[0]!;
  const last = buckets.at(-1)!;
  console.log(`last / second thousand items, p50: next ${(last.next / second.next).toFixed(2)}, vote ${(last.vote / second.vote).toFixed(2)}`);
} finally {
  dir.remove();
}
