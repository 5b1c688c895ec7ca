import type { Kysely } from 'kysely';
import { applyVote, freshRecord } from '../../shared/rating/elo.js';
import type { Choice, VoteResult } from '../../shared/schemas/api.js';
import { OVERALL_SCOPE, type Database } from '../db/database.js';
import { conflict, gone, notFound } from '../errors.js';
import { closeOpenAssignment } from '../repositories/assignments.js';
import { lockPairRatings } from '../repositories/locks.js';
import { findPairState, ratingKey } from '../repositories/ratings.js';
import { findAssignmentForVote, findVoteByAssignment, recordVote } from '../repositories/votes.js';
import type { Runtime } from '../runtime.js';

export interface CastVoteOutcome {
  result: VoteResult;
  /** False when this was a repeat of a vote already counted: nothing changed, nothing to broadcast. */
  counted: boolean;
  /** The rating scopes the vote moved ('*' and its category), for the live leaderboard. */
  changedScopes: string[];
}

/**
 * One vote in one transaction: check the assignment is this rater's and open, close it, then under the pair's lock
 * compute Elo for the overall and the category board, count the cell, append the vote and save the ratings.
 * Repeating the same choice returns the first result; another choice on a voted assignment is a conflict.
 */
/** The column is a PostgreSQL integer: a rater back after about 25 days gets that much, not a vote that cannot land. */
const MAX_ELAPSED_MS = 2_147_483_647;

function elapsedMs(servedAt: string, now: Date): number {
  return Math.min(MAX_ELAPSED_MS, Math.max(0, now.getTime() - Date.parse(servedAt)));
}

export async function castVote(
  db: Kysely<Database>,
  runtime: Runtime,
  raterId: number,
  assignmentId: string,
  choice: Choice,
): Promise<CastVoteOutcome> {
  return db.transaction().execute(async (trx) => {
    const assignment = await findAssignmentForVote(trx, assignmentId);
    // A foreign assignment looks exactly like a missing one, so ids cannot be probed.
    if (!assignment || assignment.raterId !== raterId) {
      throw notFound('ASSIGNMENT_NOT_FOUND', 'no such assignment for this rater', [
        { field: 'assignmentId', reason: 'unknown, or served to another rater' },
      ]);
    }
    if (assignment.votedAt !== null) return repeatedVote(trx, assignmentId, choice);
    if (assignment.setStatus !== 'active') {
      throw gone('ASSIGNMENT_STALE', 'this item belongs to a question set that is no longer served; fetch the next item');
    }
    const now = runtime.now();
    // Closing the assignment first makes a concurrent retry wait on its row and then find it voted, so the retry
    // needs no other lock; the pair's lock below is held only for the Elo read and writes (PostgreSQL round trips).
    if (!(await closeOpenAssignment(trx, assignment, now.toISOString()))) return repeatedVote(trx, assignmentId, choice);

    const { modelAId, modelBId } = assignment;
    await lockPairRatings(trx, modelAId, modelBId);
    const scopes = [OVERALL_SCOPE, assignment.category];
    // Read under the lock, which an exclusion also takes, so a vote never counts after the rebuild that should have
    // left it out: an excluded rater's vote is logged (and marked through the rater) but moves no rating.
    const { records, raterExcluded } = await findPairState(trx, raterId, OVERALL_SCOPE, assignment.category, modelAId, modelBId);
    const recordOf = (scope: string, modelId: number) => records.get(ratingKey(scope, modelId)) ?? freshRecord();
    const updated = scopes.map((scope) => ({
      scope,
      before: { a: recordOf(scope, modelAId), b: recordOf(scope, modelBId) },
      after: applyVote(recordOf(scope, modelAId), recordOf(scope, modelBId), choice),
    }));
    const counts = !raterExcluded;
    const overall = counts ? updated[0]! : { ...updated[0]!, after: updated[0]!.before };

    // Counting the cell stays under the pair's lock: raters may vote on the same cell at once (overlap items always),
    // and a cell's row lock taken before the pair's would be held while queueing for it, so votes would queue twice
    // (PostgreSQL).
    const voteId = await recordVote(
      trx,
      {
        assignment_id: assignmentId,
        rater_id: raterId,
        set_id: assignment.setId,
        question_id: assignment.questionId,
        cell_id: assignment.cellId,
        category: assignment.category,
        model_a_id: modelAId,
        model_b_id: modelBId,
        choice,
        is_overlap: assignment.isOverlap,
        elapsed_ms: elapsedMs(assignment.servedAt, now),
        rating_a_before: overall.before.a.rating,
        rating_b_before: overall.before.b.rating,
        rating_a_after: overall.after.a.rating,
        rating_b_after: overall.after.b.rating,
        created_at: now.toISOString(),
      },
      counts
        ? updated.flatMap(({ scope, after }) => [
            { scope, modelId: modelAId, ...after.a },
            { scope, modelId: modelBId, ...after.b },
          ])
        : null,
    );

    return {
      counted: true,
      changedScopes: counts ? scopes : [],
      result: {
        voteId,
        choice,
        reveal: { A: assignment.modelA, B: assignment.modelB },
        ratings: {
          A: { model: assignment.modelA, before: overall.before.a.rating, after: overall.after.a.rating },
          B: { model: assignment.modelB, before: overall.before.b.rating, after: overall.after.b.rating },
        },
      },
    };
  });
}

async function repeatedVote(db: Kysely<Database>, assignmentId: string, choice: Choice): Promise<CastVoteOutcome> {
  const previous = await findVoteByAssignment(db, assignmentId);
  if (!previous) throw new Error(`assignment ${assignmentId} is closed but has no vote`);
  if (previous.choice !== choice) {
    throw conflict('ALREADY_VOTED', `this assignment was already voted "${previous.choice}"`, [
      { field: 'choice', reason: `already voted "${previous.choice}"; a vote cannot be changed` },
    ]);
  }
  return {
    counted: false,
    changedScopes: [],
    result: {
      voteId: previous.voteId,
      choice: previous.choice,
      reveal: { A: previous.modelA, B: previous.modelB },
      ratings: {
        A: { model: previous.modelA, before: previous.ratingABefore, after: previous.ratingAAfter },
        B: { model: previous.modelB, before: previous.ratingBBefore, after: previous.ratingBAfter },
      },
    },
  };
}
