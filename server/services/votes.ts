import type { Kysely } from 'kysely';
import { applyVote, freshRecord } from '../../shared/rating/elo.js';
import type { Choice, VoteResult } from '../../shared/schemas/api.js';
import { OVERALL_SCOPE, type Database } from '../db/database.js';
import { conflict, gone, notFound } from '../errors.js';
import { findAssignment, markAssignmentVoted } from '../repositories/assignments.js';
import { findRatingRecords, ratingKey, saveRatingRecord } from '../repositories/ratings.js';
import { findCellForVote, findVoteByAssignment, incrementCellVotes, insertVote } from '../repositories/votes.js';
import { modelNamesById } from '../repositories/models.js';
import type { Runtime } from '../runtime.js';

export interface CastVoteOutcome {
  result: VoteResult;
  /** False when this was a repeat of a vote already counted: nothing changed, nothing to broadcast. */
  counted: boolean;
  /** The rating scopes and models the vote moved, for the live leaderboard. */
  changed: { scopes: string[]; modelIds: number[] };
}

/**
 * One vote in one transaction: check the assignment is this rater's and open, compute Elo for the overall and the
 * category board, append the vote, save the ratings, count the cell and close the assignment.
 * Repeating the same choice returns the first result; another choice on a voted assignment is a conflict.
 */
export async function castVote(
  db: Kysely<Database>,
  runtime: Runtime,
  raterId: number,
  assignmentId: string,
  choice: Choice,
): Promise<CastVoteOutcome> {
  return db.transaction().execute(async (trx) => {
    const assignment = await findAssignment(trx, assignmentId);
    // A foreign assignment looks exactly like a missing one, so ids cannot be probed.
    if (!assignment || assignment.rater_id !== raterId) {
      throw notFound('ASSIGNMENT_NOT_FOUND', 'no such assignment for this rater', [
        { field: 'assignmentId', reason: 'unknown, or served to another rater' },
      ]);
    }
    if (assignment.voted_at !== null) {
      const previous = await findVoteByAssignment(trx, assignmentId);
      if (!previous) throw new Error(`assignment ${assignmentId} is closed but has no vote`);
      if (previous.choice !== choice) {
        throw conflict('ALREADY_VOTED', `this assignment was already voted "${previous.choice}"`, [
          { field: 'choice', reason: `already voted "${previous.choice}"; a vote cannot be changed` },
        ]);
      }
      return {
        counted: false,
        changed: { scopes: [], modelIds: [] },
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
    const cell = await findCellForVote(trx, assignment.cell_id);
    if (cell.status !== 'active') {
      throw gone('ASSIGNMENT_STALE', 'this item belongs to a question set that is no longer served; fetch the next item');
    }

    const modelIds = [assignment.model_a_id, assignment.model_b_id];
    const scopes = [OVERALL_SCOPE, cell.category];
    const records = await findRatingRecords(trx, scopes, modelIds);
    const recordOf = (scope: string, modelId: number) => records.get(ratingKey(scope, modelId)) ?? freshRecord();
    const updated = scopes.map((scope) => ({
      scope,
      ...applyVote(recordOf(scope, assignment.model_a_id), recordOf(scope, assignment.model_b_id), choice),
    }));
    const before = { a: recordOf(OVERALL_SCOPE, assignment.model_a_id), b: recordOf(OVERALL_SCOPE, assignment.model_b_id) };
    const overall = updated[0] as (typeof updated)[0];

    const now = runtime.now();
    const voteId = await insertVote(trx, {
      assignment_id: assignmentId,
      rater_id: raterId,
      set_id: cell.set_id,
      question_id: cell.question_id,
      cell_id: cell.id,
      category: cell.category,
      model_a_id: assignment.model_a_id,
      model_b_id: assignment.model_b_id,
      choice,
      is_overlap: assignment.is_overlap,
      elapsed_ms: Math.max(0, now.getTime() - Date.parse(assignment.served_at)),
      rating_a_before: before.a.rating,
      rating_b_before: before.b.rating,
      rating_a_after: overall.a.rating,
      rating_b_after: overall.b.rating,
      created_at: now.toISOString(),
    });
    for (const { scope, a, b } of updated) {
      await saveRatingRecord(trx, scope, assignment.model_a_id, a);
      await saveRatingRecord(trx, scope, assignment.model_b_id, b);
    }
    await incrementCellVotes(trx, cell.id);
    await markAssignmentVoted(trx, assignmentId, now.toISOString());

    const names = await modelNamesById(trx, modelIds);
    const [modelA, modelB] = [names.get(assignment.model_a_id) ?? '?', names.get(assignment.model_b_id) ?? '?'];
    return {
      counted: true,
      changed: { scopes, modelIds },
      result: {
        voteId,
        choice,
        reveal: { A: modelA, B: modelB },
        ratings: {
          A: { model: modelA, before: before.a.rating, after: overall.a.rating },
          B: { model: modelB, before: before.b.rating, after: overall.b.rating },
        },
      },
    };
  });
}
