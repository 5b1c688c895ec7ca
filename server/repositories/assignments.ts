import type { Insertable, Kysely } from 'kysely';
import type { AssignmentTable, Database } from '../db/database.js';

export interface CandidateCell {
  id: number;
  questionId: number;
  modelLowId: number;
  modelHighId: number;
  voteCount: number;
}

/** What the scheduler may serve: cells of one set version, optionally among some models and below a vote target. */
export interface ServingScope {
  setId: number;
  modelIds: number[] | null;
  targetVotesPerCell: number | null;
  raterQuota: number | null;
}

/** Every active set, whole: what is served when no campaign has been created. */
export async function activeSetScopes(db: Kysely<Database>): Promise<ServingScope[]> {
  const sets = await db.selectFrom('question_sets').select('id').where('status', '=', 'active').execute();
  return sets.map(({ id }) => ({ setId: id, modelIds: null, targetVotesPerCell: null, raterQuota: null }));
}

export async function raterAssignmentsInSet(db: Kysely<Database>, raterId: number, setId: number): Promise<number> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.rater_id', '=', raterId)
    .where('c.set_id', '=', setId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Cells this rater was never served, fewest votes first, in the shuffled order fixed at import. One query per scope,
 * so each walks cells_schedule_idx (set, overlap, votes, shuffle) in order and stops after `limit` rows instead of
 * sorting every cell; the few scopes' candidates are then merged.
 */
export async function candidateCells(
  db: Kysely<Database>,
  raterId: number,
  overlap: boolean,
  limit: number,
  scopes: readonly ServingScope[],
): Promise<CandidateCell[]> {
  const perScope = await Promise.all(
    scopes.map((scope) => {
      let query = db
        .selectFrom('cells as c')
        .select([
          'c.id as id',
          'c.question_id as questionId',
          'c.model_low_id as modelLowId',
          'c.model_high_id as modelHighId',
          'c.vote_count as voteCount',
          'c.shuffle_key as shuffleKey',
        ])
        .where('c.set_id', '=', scope.setId)
        .where('c.is_overlap', '=', overlap ? 1 : 0)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('assignments as a')
                .select('a.id')
                .whereRef('a.cell_id', '=', 'c.id')
                .where('a.rater_id', '=', raterId),
            ),
          ),
        );
      if (scope.modelIds !== null) {
        query = query.where('c.model_low_id', 'in', scope.modelIds).where('c.model_high_id', 'in', scope.modelIds);
      }
      if (scope.targetVotesPerCell !== null) query = query.where('c.vote_count', '<', scope.targetVotesPerCell);
      return query.orderBy('c.vote_count').orderBy('c.shuffle_key').limit(limit).execute();
    }),
  );
  return perScope
    .flat()
    .sort((x, y) => x.voteCount - y.voteCount || x.shuffleKey - y.shuffleKey)
    .slice(0, limit)
    .map(({ shuffleKey: _shuffleKey, ...cell }) => cell);
}

export async function findOpenAssignment(db: Kysely<Database>, raterId: number) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .innerJoin('question_sets as s', 's.id', 'c.set_id')
    .select('a.id')
    .where('a.rater_id', '=', raterId)
    .where('a.voted_at', 'is', null)
    .where('s.status', '=', 'active')
    .orderBy('a.served_at')
    .executeTakeFirst();
}

export async function findAssignment(db: Kysely<Database>, assignmentId: string) {
  return db.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
}

export async function insertAssignment(db: Kysely<Database>, assignment: Insertable<AssignmentTable>): Promise<void> {
  await db.insertInto('assignments').values(assignment).execute();
}

export async function markAssignmentVoted(db: Kysely<Database>, assignmentId: string, votedAt: string): Promise<void> {
  await db.updateTable('assignments').set({ voted_at: votedAt }).where('id', '=', assignmentId).execute();
}

export async function servedQuestionIds(db: Kysely<Database>, raterId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .select('c.question_id')
    .where('a.rater_id', '=', raterId)
    .execute();
  return new Set(rows.map((row) => row.question_id));
}

export interface RaterCounts {
  served: number;
  voted: number;
  overlapServed: number;
  overlapVoted: number;
}

export async function raterCounts(db: Kysely<Database>, raterId: number): Promise<RaterCounts> {
  const row = await db
    .selectFrom('assignments')
    .select((eb) => [
      eb.fn.countAll<number>().as('served'),
      eb.fn.count<number>('voted_at').as('voted'),
      eb.fn.sum<number>('is_overlap').as('overlapServed'),
      eb.fn
        .sum<number>(eb.case().when('voted_at', 'is not', null).then(eb.ref('is_overlap')).else(0).end())
        .as('overlapVoted'),
    ])
    .where('rater_id', '=', raterId)
    .executeTakeFirstOrThrow();
  return {
    served: Number(row.served),
    voted: Number(row.voted),
    overlapServed: Number(row.overlapServed ?? 0),
    overlapVoted: Number(row.overlapVoted ?? 0),
  };
}

export async function activeCellCounts(db: Kysely<Database>): Promise<{ cells: number; overlapCells: number }> {
  const row = await db
    .selectFrom('cells as c')
    .innerJoin('question_sets as s', 's.id', 'c.set_id')
    .select((eb) => [eb.fn.countAll<number>().as('cells'), eb.fn.sum<number>('c.is_overlap').as('overlapCells')])
    .where('s.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { cells: Number(row.cells), overlapCells: Number(row.overlapCells ?? 0) };
}

/** Counts only the rater's assignments on active sets, so progress matches what can still be served. */
export async function raterActiveServed(db: Kysely<Database>, raterId: number): Promise<number> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .innerJoin('question_sets as s', 's.id', 'c.set_id')
    .select((eb) => eb.fn.countAll<number>().as('served'))
    .where('a.rater_id', '=', raterId)
    .where('s.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.served);
}

/** Everything the rater page shows for an assignment, and nothing that names a model. */
export async function assignmentContent(db: Kysely<Database>, assignmentId: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .innerJoin('questions as q', 'q.id', 'c.question_id')
    .innerJoin('question_sets as s', 's.id', 'q.set_id')
    .innerJoin('answers as ans_a', (join) =>
      join.onRef('ans_a.question_id', '=', 'q.id').onRef('ans_a.model_id', '=', 'a.model_a_id'),
    )
    .innerJoin('answers as ans_b', (join) =>
      join.onRef('ans_b.question_id', '=', 'q.id').onRef('ans_b.model_id', '=', 'a.model_b_id'),
    )
    .select([
      'a.id as assignmentId',
      'q.external_id as questionId',
      'q.category as category',
      'q.language as language',
      'q.turns_json as questionTurnsJson',
      's.categories_json as categoriesJson',
      'ans_a.turns_json as answerATurnsJson',
      'ans_b.turns_json as answerBTurnsJson',
    ])
    .where('a.id', '=', assignmentId)
    .executeTakeFirstOrThrow();
}
