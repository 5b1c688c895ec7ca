import type { Kysely, QueryCreator } from 'kysely';
import type { Database, NewVote } from '../db/database.js';
import { onPostgres } from '../db/dialect.js';
import { prepare, type Param } from '../db/prepared-query.js';
import { fourRecordParams, saveRatingRecords, upsertFourRecords, type FourRecords, type ScopedRecord } from './ratings.js';

type VoteValues = Required<Omit<NewVote, 'id'>>;

const insertVoteInto = (db: QueryCreator<Database>, param: Param<VoteValues>) =>
  db
    .insertInto('votes')
    .values({
      assignment_id: param('assignment_id'),
      rater_id: param('rater_id'),
      set_id: param('set_id'),
      question_id: param('question_id'),
      cell_id: param('cell_id'),
      category: param('category'),
      model_a_id: param('model_a_id'),
      model_b_id: param('model_b_id'),
      choice: param('choice'),
      is_overlap: param('is_overlap'),
      elapsed_ms: param('elapsed_ms'),
      rating_a_before: param('rating_a_before'),
      rating_b_before: param('rating_b_before'),
      rating_a_after: param('rating_a_after'),
      rating_b_after: param('rating_b_after'),
      created_at: param('created_at'),
    })
    .returning('id');

const insertVoteQuery = prepare((db, param: Param<VoteValues>) => insertVoteInto(db, param));
const countCellVoteQuery = prepare((db, param: Param<{ cell_id: number }>) => countCellVote(db, param));

const countCellVote = (db: QueryCreator<Database>, param: Param<{ cell_id: number }>) =>
  db
    .updateTable('cells')
    .set((eb) => ({ vote_count: eb('vote_count', '+', 1) }))
    .where('id', '=', param('cell_id'))
    .returning('id');

// On PostgreSQL a vote's writes go in one statement (data-modifying CTEs), since they run while the pair's lock is
// held and each statement is a round trip; SQLite has no such CTEs and no round trips, so it runs them one by one.
const recordCountedVoteQuery = prepare((db, param: Param<VoteValues & FourRecords>) =>
  insertVoteInto(
    db.with('counted', (cte) => countCellVote(cte, param)).with('rated', (cte) => upsertFourRecords(cte, param).returning('model_id')),
    param,
  ),
);

const recordUncountedVoteQuery = prepare((db, param: Param<VoteValues>) =>
  insertVoteInto(db.with('counted', (cte) => countCellVote(cte, param)), param),
);

/**
 * A vote's writes: counts it on its cell, appends it to the log and, when it counts, saves the four rating records it
 * changed. Returns the vote's id.
 */
export async function recordVote(db: Kysely<Database>, vote: VoteValues, ratings: readonly ScopedRecord[] | null): Promise<number> {
  let row: { id: number } | undefined;
  if (onPostgres(db)) {
    row = ratings
      ? await recordCountedVoteQuery.first(db, { ...vote, ...fourRecordParams(ratings) })
      : await recordUncountedVoteQuery.first(db, vote);
  } else {
    await countCellVoteQuery.run(db, vote);
    row = await insertVoteQuery.first(db, vote);
    if (ratings) await saveRatingRecords(db, ratings);
  }
  if (!row) throw new Error('the vote insert returned no id');
  return row.id;
}

/** The stored vote of an assignment with both model names, to answer a repeated request exactly as the first. */
export async function findVoteByAssignment(db: Kysely<Database>, assignmentId: string) {
  return db
    .selectFrom('votes as v')
    .innerJoin('models as ma', 'ma.id', 'v.model_a_id')
    .innerJoin('models as mb', 'mb.id', 'v.model_b_id')
    .select([
      'v.id as voteId',
      'v.choice as choice',
      'ma.name as modelA',
      'mb.name as modelB',
      'v.rating_a_before as ratingABefore',
      'v.rating_b_before as ratingBBefore',
      'v.rating_a_after as ratingAAfter',
      'v.rating_b_after as ratingBAfter',
    ])
    .where('v.assignment_id', '=', assignmentId)
    .executeTakeFirst();
}


/** The vote log in commit order, as the Elo replay reads it. */
export async function listVotesForReplay(db: Kysely<Database>) {
  return db
    .selectFrom('votes as v')
    .innerJoin('models as ma', 'ma.id', 'v.model_a_id')
    .innerJoin('models as mb', 'mb.id', 'v.model_b_id')
    .select(['v.id as id', 'ma.name as modelA', 'mb.name as modelB', 'v.choice as outcome', 'v.category as category'])
    .orderBy('v.id')
    .execute();
}

const assignmentForVoteQuery = prepare((db, param: Param<{ id: string }>) =>
  db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .innerJoin('questions as q', 'q.id', 'c.question_id')
    .innerJoin('question_sets as s', 's.id', 'c.set_id')
    .innerJoin('models as ma', 'ma.id', 'a.model_a_id')
    .innerJoin('models as mb', 'mb.id', 'a.model_b_id')
    .select([
      'a.id',
      'a.rater_id as raterId',
      'a.cell_id as cellId',
      'a.model_a_id as modelAId',
      'a.model_b_id as modelBId',
      'ma.name as modelA',
      'mb.name as modelB',
      'a.is_overlap as isOverlap',
      'a.served_at as servedAt',
      'a.voted_at as votedAt',
      'c.set_id as setId',
      'c.question_id as questionId',
      'q.category',
      's.status as setStatus',
    ])
    .where('a.id', '=', param('id')),
);

/** The assignment with what a vote needs of its cell, question, set and models, in one read. */
export async function findAssignmentForVote(db: Kysely<Database>, assignmentId: string) {
  return assignmentForVoteQuery.first(db, { id: assignmentId });
}

/** Every vote in commit order with what the rating replay needs, and whether its rater is excluded. */
export async function listVotesForRatings(db: Kysely<Database>) {
  return db
    .selectFrom('votes as v')
    .innerJoin('raters as r', 'r.id', 'v.rater_id')
    .select(['v.model_a_id as modelAId', 'v.model_b_id as modelBId', 'v.choice', 'v.category', 'r.excluded_at as excludedAt'])
    .orderBy('v.id')
    .execute();
}
