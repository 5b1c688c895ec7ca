import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { AppConfig } from '../../server/config.js';
import { packageRoot } from '../../server/paths.js';

/** The organizer token of the benchmark apps, for routes that need one. */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

/** A quiet in-process arena on a SQLite file with the default set, as the benchmarks build it (no rate limits). */
export function benchConfig(databaseUrl: string): AppConfig {
  return {
    databaseUrl,
    sqliteSynchronous: 'NORMAL',
    defaultQuestionSetPath: join(packageRoot(), 'questions/default.json'),
    overlapItems: 20,
    overlapEvery: 2,
    cookieSecure: false,
    uploadLimitBytes: 50 * 1024 * 1024,
    allowedOrigins: [],
    rateLimits: null,
    roles: { adminToken: BENCH_ADMIN_TOKEN, researchToken: null, resultsPublic: false },
    clientDir: null,
    logLevel: 'silent',
  };
}

/** The in-process arena of benchConfig; `questions` replaces the default set. */
export async function benchArena(databaseUrl: string, questions?: string): Promise<FastifyInstance> {
  const config = benchConfig(databaseUrl);
  return buildApp(questions === undefined ? config : { ...config, defaultQuestionSetPath: questions }, { logger: false });
}

type Choice = 'A' | 'B' | 'tie';

export interface FillOptions {
  raters: number;
  votes: number;
  /** Each rater's first votes are on every overlap item, as the scheduler serves them; otherwise only where they fall. */
  overlapFirst?: boolean;
  /** The k-th vote of rater r; default ['A', 'B', 'tie'][k % 3]. */
  choiceOf?: (rater: number, k: number) => Choice;
  /** Milliseconds from serving to voting; default 5000. */
  elapsedMsOf?: (rater: number, k: number) => number;
  /** Votes are spread evenly over this many minutes before now, in insertion order; default 0 (all now). */
  spreadMinutes?: number;
}

interface CellRow {
  id: number;
  set_id: number;
  question_id: number;
  model_low_id: number;
  model_high_id: number;
  is_overlap: number;
  category: string;
}

/**
 * Raters with known cookies, each with votes / raters voted assignments on distinct cells of the loaded sets, written
 * straight into SQLite in one transaction (cells and rater tallies counted as serving and voting would count them;
 * ratings left as they are).
 * Returns the raters' cookie tokens.
 */
export function fillVotes(app: FastifyInstance, options: FillOptions): string[] {
  if (app.arenaDb.kind !== 'sqlite') throw new Error('SQLite only');
  const { raters, votes: wanted, overlapFirst = false, spreadMinutes = 0 } = options;
  const choiceOf = options.choiceOf ?? ((_: number, k: number) => (['A', 'B', 'tie'] as const)[k % 3]);
  const elapsedMsOf = options.elapsedMsOf ?? (() => 5000);
  const db = app.arenaDb.sqlite;
  const cells = db
    .prepare('select c.id, c.set_id, c.question_id, c.model_low_id, c.model_high_id, c.is_overlap, q.category from cells c join questions q on q.id = c.question_id')
    .all() as CellRow[];
  const overlap = overlapFirst ? cells.filter((c) => c.is_overlap === 1) : [];
  const others = overlapFirst ? cells.filter((c) => c.is_overlap !== 1) : cells;
  const perRater = Math.min(cells.length - 10, Math.ceil(wanted / raters));
  const tokens: string[] = [];
  const insertRater = db.prepare('insert into raters (token_hash, pseudonym, created_at) values (?, ?, ?)');
  const insertAssignment = db.prepare('insert into assignments (id, rater_id, cell_id, set_id, question_id, model_a_id, model_b_id, is_overlap, served_at, voted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertVote = db.prepare(`insert into votes (assignment_id, rater_id, set_id, question_id, cell_id, category, model_a_id, model_b_id, choice,
    is_overlap, elapsed_ms, rating_a_before, rating_b_before, rating_a_after, rating_b_after, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1000, 1000, 1000, 1000, ?)`);
  const countCell = db.prepare('update cells set vote_count = vote_count + ?, served_count = served_count + ? where id = ?');
  const tallyRater = db.prepare(`insert into rater_set_tallies (rater_id, set_id, served, voted, overlap_voted) values (?, ?, 1, 1, ?)
    on conflict (rater_id, set_id) do update set served = served + 1, voted = voted + 1, overlap_voted = overlap_voted + excluded.overlap_voted`);
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const spreadMs = spreadMinutes * 60_000;
  const at = (vote: number) => (spreadMs === 0 ? now : new Date(nowMs - spreadMs + Math.floor((spreadMs * vote) / wanted)).toISOString());
  const perCell = new Map<number, number>();
  let votes = 0;
  db.transaction(() => {
    for (let r = 0; r < raters && votes < wanted; r++) {
      const token = randomBytes(24).toString('base64url');
      tokens.push(token);
      const raterId = Number(insertRater.run(createHash('sha256').update(token).digest('hex'), `rater-bench-${r}`, now).lastInsertRowid);
      const start = (r * 37) % others.length;
      for (let k = 0; k < perRater && votes < wanted; k++, votes++) {
        const cell = k < overlap.length ? overlap[k]! : others[(start + k - overlap.length) % others.length]!;
        const id = `bench-${r}-${k}`;
        const time = at(votes);
        insertAssignment.run(id, raterId, cell.id, cell.set_id, cell.question_id, cell.model_low_id, cell.model_high_id, cell.is_overlap, time, time);
        insertVote.run(id, raterId, cell.set_id, cell.question_id, cell.id, cell.category, cell.model_low_id, cell.model_high_id, choiceOf(r, k), cell.is_overlap, elapsedMsOf(r, k), time);
        tallyRater.run(raterId, cell.set_id, cell.is_overlap);
        perCell.set(cell.id, (perCell.get(cell.id) ?? 0) + 1);
      }
    }
    for (const [cellId, count] of perCell) countCell.run(count, count, cellId);
  })();
  return tokens;
}
