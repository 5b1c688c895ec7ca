/**
 * The vote path (castVote: kysely-built queries compiled once, see server/db/prepared-query.ts), with and without the
 * prepared-statement cache, and 50 at a time as a busy server runs them (group commit: they share commits), against the
 * same SQL hand-written on cached better-sqlite3 statements, one transaction per vote, in the same run.
 * Prints votes/s and the ratio to that baseline. Not a test.
 *
 *   npm run bench:vote            (VOTES=20000 to change the count)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyVote, freshRecord, type EloRecord } from '../shared/rating/elo.js';
import type { QuestionSetFile } from '../shared/schemas/question-set.js';
import { createDb, createSqliteDb, type ArenaDb } from '../server/db/create-db.js';
import { migrateToLatest } from '../server/db/migrate-to-latest.js';
import { systemRuntime } from '../server/runtime.js';
import { nextAssignment } from '../server/services/assignments.js';
import { importQuestionSet } from '../server/services/question-sets.js';
import { createRater } from '../server/services/raters.js';
import { castVote } from '../server/services/votes.js';

const VOTES = Number(process.env['VOTES'] ?? 10_000);
const CHOICES = ['A', 'B', 'tie'] as const;

function benchSet(): QuestionSetFile {
  const models = Array.from({ length: 16 }, (_, i) => ({ name: `model-${i}` }));
  return {
    format: 'arena-question-set/1',
    id: 'bench',
    name: 'Bench',
    categories: [],
    models,
    questions: Array.from({ length: 50 }, (_, q) => ({
      id: `q${q}`,
      category: 'math',
      language: 'en',
      turns: [`question ${q}`],
      answers: Object.fromEntries(models.map((m) => [m.name, [`answer of ${m.name} to ${q}`]])),
    })),
  };
}

/** A database with VOTES raters, each holding one open assignment. */
async function prepare(cacheStatements: boolean): Promise<{ arenaDb: ArenaDb; work: { raterId: number; assignmentId: string }[]; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'arena-bench-'));
  const arenaDb = createDb({ url: join(dir, 'arena.db'), cacheStatements });
  await migrateToLatest(arenaDb.db);
  await importQuestionSet(arenaDb.db, systemRuntime, benchSet(), { overlapItems: 20 });
  const work = [];
  for (let i = 0; i < VOTES; i++) {
    const { rater } = await createRater(arenaDb.db, systemRuntime);
    const next = await nextAssignment(arenaDb.db, systemRuntime, { overlapEvery: 2 }, rater.id);
    if (next.status !== 'assigned') throw new Error('bench set too small');
    work.push({ raterId: rater.id, assignmentId: next.assignmentId });
  }
  return { arenaDb, work, dir };
}

/** castVote one after another, or `concurrent` at a time as requests arrive at a server (they share commits). */
async function viaKysely(cacheStatements: boolean, concurrent = 1): Promise<number> {
  const { arenaDb, work, dir } = await prepare(cacheStatements);
  const start = performance.now();
  for (let from = 0; from < work.length; from += concurrent) {
    await Promise.all(
      work
        .slice(from, from + concurrent)
        .map(({ raterId, assignmentId }, i) => castVote(arenaDb.db, systemRuntime, raterId, assignmentId, CHOICES[(from + i) % 3]!)),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  await arenaDb.close();
  rmSync(dir, { recursive: true, force: true });
  return VOTES / seconds;
}

/** The same reads and writes as castVote, hand-written on cached better-sqlite3 statements. */
async function viaRawStatements(): Promise<number> {
  const { arenaDb: prepared, work, dir } = await prepare(true);
  await prepared.close();
  // The arena's connection settings, background checkpoints included, so only the query layer differs.
  const arenaDb = createSqliteDb({ url: join(dir, 'arena.db') });
  const db = arenaDb.sqlite;
  const findAssignment = db.prepare('select * from assignments where id = ?');
  const findCell = db.prepare(
    'select c.id, c.set_id, c.question_id, q.category, s.status from cells c join questions q on q.id = c.question_id join question_sets s on s.id = c.set_id where c.id = ?',
  );
  const findRatings = db.prepare('select * from ratings where scope in (?, ?) and model_id in (?, ?)');
  const insertVote = db.prepare(
    `insert into votes (assignment_id, rater_id, set_id, question_id, cell_id, category, model_a_id, model_b_id, choice,
      is_overlap, elapsed_ms, rating_a_before, rating_b_before, rating_a_after, rating_b_after, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
  );
  const saveRating = db.prepare(
    `insert into ratings (scope, model_id, rating, votes, wins, ties, losses) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (scope, model_id) do update set rating = excluded.rating, votes = excluded.votes, wins = excluded.wins,
     ties = excluded.ties, losses = excluded.losses`,
  );
  const countCell = db.prepare('update cells set vote_count = vote_count + 1 where id = ?');
  const closeAssignment = db.prepare('update assignments set voted_at = ? where id = ?');
  const countRaterVote = db.prepare('update rater_set_tallies set voted = voted + 1, overlap_voted = overlap_voted + ? where rater_id = ? and set_id = ?');
  const names = db.prepare('select id, name from models where id in (?, ?)');
  type Row = { id: string; rater_id: number; cell_id: number; model_a_id: number; model_b_id: number; is_overlap: number; served_at: string };
  const vote = db.transaction((raterId: number, assignmentId: string, choice: (typeof CHOICES)[number]) => {
    const a = findAssignment.get(assignmentId) as Row;
    if (a.rater_id !== raterId) throw new Error('foreign');
    const cell = findCell.get(a.cell_id) as { id: number; set_id: number; question_id: number; category: string };
    const rows = findRatings.all('*', cell.category, a.model_a_id, a.model_b_id) as (EloRecord & { scope: string; model_id: number })[];
    const recordOf = (scope: string, model: number) => rows.find((r) => r.scope === scope && r.model_id === model) ?? freshRecord();
    const now = new Date().toISOString();
    const updated = ['*', cell.category].map((scope) => ({ scope, ...applyVote(recordOf(scope, a.model_a_id), recordOf(scope, a.model_b_id), choice) }));
    insertVote.get(assignmentId, raterId, cell.set_id, cell.question_id, cell.id, cell.category, a.model_a_id, a.model_b_id, choice,
      a.is_overlap, 0, recordOf('*', a.model_a_id).rating, recordOf('*', a.model_b_id).rating, updated[0]!.a.rating, updated[0]!.b.rating, now);
    for (const { scope, a: ra, b: rb } of updated) {
      saveRating.run(scope, a.model_a_id, ra.rating, ra.votes, ra.wins, ra.ties, ra.losses);
      saveRating.run(scope, a.model_b_id, rb.rating, rb.votes, rb.wins, rb.ties, rb.losses);
    }
    countCell.run(cell.id);
    closeAssignment.run(now, assignmentId);
    countRaterVote.run(a.is_overlap, raterId, cell.set_id);
    names.all(a.model_a_id, a.model_b_id);
  });
  const start = performance.now();
  for (const [i, { raterId, assignmentId }] of work.entries()) vote(raterId, assignmentId, CHOICES[i % 3]!);
  const seconds = (performance.now() - start) / 1000;
  await arenaDb.close();
  rmSync(dir, { recursive: true, force: true });
  return VOTES / seconds;
}

const baseline = await viaRawStatements();
const cached = await viaKysely(true);
const uncached = await viaKysely(false);
const grouped = await viaKysely(true, 50);
const line = (name: string, perSecond: number) =>
  `${name.padEnd(48)} ${perSecond.toFixed(0).padStart(7)} votes/s   ${(perSecond / baseline).toFixed(2)} × baseline`;
console.log(`vote path, ${VOTES} votes in one process, SQLite WAL synchronous=NORMAL, Node ${process.version}`);
console.log(line('baseline: same SQL, cached better-sqlite3 statements', baseline));
console.log(line('arena: castVote, prepared queries + statement cache', cached));
console.log(line('castVote, every statement prepared anew (no cache)', uncached));
console.log(line('castVote, 50 at a time: they share commits', grouped));
