import type { Kysely } from 'kysely';
import type { Database, NewVote } from '../db/database.js';

export async function insertVote(db: Kysely<Database>, vote: NewVote): Promise<number> {
  const row = await db.insertInto('votes').values(vote).returning('id').executeTakeFirstOrThrow();
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

export async function incrementCellVotes(db: Kysely<Database>, cellId: number): Promise<void> {
  await db
    .updateTable('cells')
    .set((eb) => ({ vote_count: eb('vote_count', '+', 1) }))
    .where('id', '=', cellId)
    .execute();
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

/** The assignment with what a vote needs of its cell, question, set and models, in one read. */
export async function findAssignmentForVote(db: Kysely<Database>, assignmentId: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('cells as c', 'c.id', 'a.cell_id')
    .innerJoin('questions as q', 'q.id', 'c.question_id')
    .innerJoin('question_sets as s', 's.id', 'c.set_id')
    .innerJoin('models as ma', 'ma.id', 'a.model_a_id')
    .innerJoin('models as mb', 'mb.id', 'a.model_b_id')
    .innerJoin('raters as r', 'r.id', 'a.rater_id')
    .select([
      'a.id',
      'r.excluded_at as raterExcludedAt',
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
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
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
