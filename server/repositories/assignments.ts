import { sql, type Kysely, type QueryCreator, type SelectQueryBuilder } from 'kysely';
import type { AssignmentTable, Database } from '../db/database.js';
import { onPostgres } from '../db/dialect.js';
import { PerDatabaseCache } from '../db/per-database-cache.js';
import { literalLimit, prepare, type Param } from '../db/prepared-query.js';
import type { CandidateCell } from './candidate-cells.js';

/**
 * Items a campaign served the rater: on its set, among its models, since it was created. Two campaigns running at once
 * on the same set and models would share the count; items from before the campaign or of other models are not its.
 */
export async function raterAssignmentsInCampaign(
  db: Kysely<Database>,
  raterId: number,
  campaign: { setId: number; createdAt: string; modelIds: number[] | null },
): Promise<number> {
  let query = db
    .selectFrom('assignments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('rater_id', '=', raterId)
    .where('set_id', '=', campaign.setId)
    .where('served_at', '>=', campaign.createdAt);
  if (campaign.modelIds !== null) query = query.where('model_a_id', 'in', campaign.modelIds).where('model_b_id', 'in', campaign.modelIds);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** How many items the rater was served and voted on, over every set, and how many of the served are on active sets. */
export interface RaterTally {
  served: number;
  voted: number;
  overlapVoted: number;
  servedOnActiveSets: number;
}

// One statement for what every item request reads first (one round trip on PostgreSQL): a row per set the rater was
// served items of, and the open item.
const raterStateQuery = prepare((db, param: Param<{ raterId: number }>) =>
  db
    .selectFrom('rater_set_tallies as t')
    .innerJoin('question_sets as ts', 'ts.id', 't.set_id')
    .select((eb) => [
      eb.fn.sum<string | number | null>('t.served').as('served'),
      eb.fn.sum<string | number | null>('t.voted').as('voted'),
      eb.fn.sum<string | number | null>('t.overlap_voted').as('overlapVoted'),
      eb.fn.sum<string | number | null>(eb.case().when('ts.status', '=', 'active').then(eb.ref('t.served')).else(0).end()).as('servedOnActiveSets'),
      // The item the rater was served last and has not voted on yet, if its set is still served: a reload shows it
      // again. The last, not the first: one left behind in a campaign that stopped serving the rater stays open.
      eb
        .selectFrom('assignments as o')
        .innerJoin('question_sets as s', 's.id', 'o.set_id')
        .select('o.id')
        .where('o.rater_id', '=', param('raterId'))
        .where('o.voted_at', 'is', null)
        .where('s.status', '=', 'active')
        .orderBy('o.served_at', 'desc')
        .limit(literalLimit(1))
        .as('openAssignmentId'),
    ])
    .where('t.rater_id', '=', param('raterId')),
);

export interface RaterState {
  tally: RaterTally;
  /** The open item to show again, if any. */
  openAssignmentId: string | null;
}

export async function raterState(db: Kysely<Database>, raterId: number): Promise<RaterState> {
  const row = await raterStateQuery.first(db, { raterId });
  return {
    tally: {
      served: Number(row?.served ?? 0),
      voted: Number(row?.voted ?? 0),
      overlapVoted: Number(row?.overlapVoted ?? 0),
      servedOnActiveSets: Number(row?.servedOnActiveSets ?? 0),
    },
    openAssignmentId: row?.openAssignmentId ?? null,
  };
}

export async function raterTally(db: Kysely<Database>, raterId: number): Promise<RaterTally> {
  return (await raterState(db, raterId)).tally;
}

const insertAssignmentInto = (db: QueryCreator<Database>, param: Param<AssignmentTable>) =>
  db.insertInto('assignments').values({
    id: param('id'),
    rater_id: param('rater_id'),
    cell_id: param('cell_id'),
    set_id: param('set_id'),
    question_id: param('question_id'),
    model_a_id: param('model_a_id'),
    model_b_id: param('model_b_id'),
    is_overlap: param('is_overlap'),
    served_at: param('served_at'),
    voted_at: param('voted_at'),
  });

const countCellServed = (db: QueryCreator<Database>, param: Param<Pick<AssignmentTable, 'cell_id'>>) =>
  db
    .updateTable('cells')
    .set((eb) => ({ served_count: eb('served_count', '+', 1) }))
    .where('id', '=', param('cell_id'));

/** A served item counts on the rater's tally of its set; the first makes the row. */
const servedPlusOne = sql<number>`${sql.ref('rater_set_tallies.served')} + 1`;

const insertAssignmentQuery = prepare((db, param: Param<AssignmentTable>) => insertAssignmentInto(db, param));
const countCellServedQuery = prepare((db, param: Param<Pick<AssignmentTable, 'cell_id'>>) => countCellServed(db, param));
const countRaterServedQuery = prepare((db, param: Param<Pick<AssignmentTable, 'rater_id' | 'set_id'>>) =>
  db
    .insertInto('rater_set_tallies')
    .values({ rater_id: param('rater_id'), set_id: param('set_id'), served: 1, voted: 0, overlap_voted: 0 })
    .onConflict((conflict) => conflict.columns(['rater_id', 'set_id']).doUpdateSet({ served: servedPlusOne })),
);

/** PostgreSQL: the tally of the assignment just inserted as `a`, in the same statement. */
const countRaterServedFrom = (db: QueryCreator<Database>) =>
  (db as unknown as QueryCreator<Database & { a: Pick<AssignmentTable, 'rater_id' | 'set_id'> }>)
    .insertInto('rater_set_tallies')
    .columns(['rater_id', 'set_id', 'served', 'voted', 'overlap_voted'])
    .expression((eb) =>
      eb
        .selectFrom('a')
        .select(['a.rater_id', 'a.set_id', sql<number>`1`.as('served'), sql<number>`0`.as('voted'), sql<number>`0`.as('overlap_voted')]),
    )
    .onConflict((conflict) => conflict.columns(['rater_id', 'set_id']).doUpdateSet({ served: servedPlusOne }));

/** On PostgreSQL the new assignment is inserted and counted on its cell and the rater's tally in one statement. */
const insertServedItemQuery = prepare((db, param: Param<AssignmentTable>) =>
  servedItemOf(
    db
      .with('a', (cte) => insertAssignmentInto(cte, param).returning(['id', 'rater_id', 'set_id', 'question_id', 'model_a_id', 'model_b_id']))
      .with('served', (cte) => countCellServed(cte, param).returning('id'))
      .with('tallied', countRaterServedFrom)
      .selectFrom('a'),
  ),
);

type ClaimParams = {
  candidateIds: number[];
  /** Among the candidates, those on a question the rater has not seen: preferred among equally served cells. */
  preferredIds: number[];
  id: string;
  raterId: number;
  aIsLow: boolean;
  isOverlap: number;
  servedAt: string;
};

/**
 * PostgreSQL: among the candidates, the least served (counted now, not when they were read) that no concurrent item
 * request is serving (`skip locked`), counted and inserted as the assignment, in one statement.
 * Item requests running at once read the same candidates; without this they were all served the same cell.
 */
const claimCandidateQuery = prepare((db, param: Param<ClaimParams>) =>
  servedItemOf(
    db
      .with('claimed', (cte) =>
        cte
          .updateTable('cells')
          .set((eb) => ({ served_count: eb('served_count', '+', 1) }))
          .where('id', '=', (eb) =>
            eb
              .selectFrom('cells as c')
              // The cell as this statement's snapshot saw it: a request that served it and committed after the
              // snapshot was taken leaves it unlocked but counted higher, and the lock then sees the new row. Locking
              // rechecks the conditions on that row, so it is passed over unless its count is still the one ordered by.
              // FOR NO KEY UPDATE, as the served-count update itself takes: inserting a vote or assignment that
              // references the cell (its foreign-key check takes FOR KEY SHARE) must not wait for this transaction.
              .innerJoin('cells as seen', 'seen.id', 'c.id')
              .select('c.id')
              .where(sql<boolean>`seen.id = any(${param('candidateIds')}::integer[])`)
              .whereRef('c.served_count', '=', 'seen.served_count')
              .orderBy('seen.served_count')
              .orderBy(sql`seen.id = any(${param('preferredIds')}::integer[])`, 'desc')
              .orderBy('seen.shuffle_key')
              .limit(literalLimit(1))
              .forNoKeyUpdate(['c'])
              .skipLocked(),
          )
          .returning(['id', 'set_id', 'question_id', 'model_low_id', 'model_high_id']),
      )
      .with('a', (cte) =>
        cte
          .insertInto('assignments')
          .columns(['id', 'rater_id', 'cell_id', 'set_id', 'question_id', 'model_a_id', 'model_b_id', 'is_overlap', 'served_at'])
          .expression((eb) =>
            eb
              .selectFrom('claimed')
              .select([
                sql<string>`${param('id')}::text`.as('id'),
                sql<number>`${param('raterId')}::integer`.as('rater_id'),
                'claimed.id as cell_id',
                'claimed.set_id',
                'claimed.question_id',
                sql<number>`case when ${param('aIsLow')}::boolean then claimed.model_low_id else claimed.model_high_id end`.as('model_a_id'),
                sql<number>`case when ${param('aIsLow')}::boolean then claimed.model_high_id else claimed.model_low_id end`.as('model_b_id'),
                sql<number>`${param('isOverlap')}::integer`.as('is_overlap'),
                sql<string>`${param('servedAt')}::text`.as('served_at'),
              ]),
          )
          .returning(['id', 'rater_id', 'set_id', 'question_id', 'model_a_id', 'model_b_id']),
      )
      .with('tallied', countRaterServedFrom)
      .selectFrom('a'),
  ),
);

export interface NewAssignment {
  id: string;
  raterId: number;
  isOverlap: boolean;
  /** The coin flip: whether the pair's lower-id model is shown as A. */
  aIsLow: boolean;
  servedAt: string;
}

/** An item as served: which question and which model's answer is A and B. */
export interface ServedItem {
  assignmentId: string;
  questionId: number;
  modelAId: number;
  modelBId: number;
}

/**
 * Serves a new assignment on the chosen cell, or on PostgreSQL on the candidate a concurrent request is not serving:
 * stores it and counts it on its cell and on the rater's tally.
 */
export async function serveAssignment(
  db: Kysely<Database>,
  item: NewAssignment,
  chosen: CandidateCell,
  candidates: readonly CandidateCell[],
): Promise<ServedItem> {
  const isOverlap = item.isOverlap ? 1 : 0;
  if (onPostgres(db)) {
    const claimed = await claimCandidateQuery.first(db, {
      candidateIds: candidates.map((cell) => cell.id),
      preferredIds: candidates.filter((cell) => !cell.questionSeen).map((cell) => cell.id),
      id: item.id,
      raterId: item.raterId,
      aIsLow: item.aIsLow,
      isOverlap,
      servedAt: item.servedAt,
    });
    if (claimed) return claimed;
    // Every candidate is being served by someone else right now: wait for the chosen one.
  }
  const assignment: AssignmentTable = {
    id: item.id,
    rater_id: item.raterId,
    cell_id: chosen.id,
    set_id: chosen.setId,
    question_id: chosen.questionId,
    model_a_id: item.aIsLow ? chosen.modelLowId : chosen.modelHighId,
    model_b_id: item.aIsLow ? chosen.modelHighId : chosen.modelLowId,
    is_overlap: isOverlap,
    served_at: item.servedAt,
    voted_at: null,
  };
  if (onPostgres(db)) {
    const row = await insertServedItemQuery.first(db, assignment);
    if (!row) throw new Error(`assignment ${assignment.id} was not inserted`);
    return row;
  }
  await insertAssignmentQuery.run(db, assignment);
  await countCellServedQuery.run(db, assignment);
  await countRaterServedQuery.run(db, assignment);
  return { assignmentId: assignment.id, questionId: assignment.question_id, modelAId: assignment.model_a_id, modelBId: assignment.model_b_id };
}

type CloseParams = { id: string; votedAt: string; raterId: number; setId: number; isOverlap: number };

const closeOpen = (db: QueryCreator<Database>, param: Param<CloseParams>) =>
  db.updateTable('assignments').set({ voted_at: param('votedAt') }).where('id', '=', param('id')).where('voted_at', 'is', null);

const countRaterVote = (db: QueryCreator<Database>, param: Param<CloseParams>) =>
  db
    .updateTable('rater_set_tallies')
    .set((eb) => ({ voted: eb('voted', '+', 1), overlap_voted: eb('overlap_voted', '+', param('isOverlap')) }))
    .where('rater_id', '=', param('raterId'))
    .where('set_id', '=', param('setId'));

const closeOpenQuery = prepare((db, param: Param<CloseParams>) => closeOpen(db, param));
const countRaterVoteQuery = prepare((db, param: Param<CloseParams>) => countRaterVote(db, param));

/** PostgreSQL: the close and, only if it closed, the tally's count, in one statement (one round trip). */
const closeOpenAndCountQuery = prepare((db, param: Param<CloseParams>) =>
  db
    .with('closed', (cte) => closeOpen(cte, param).returning('id'))
    .with('tallied', (cte) =>
      countRaterVote(cte, param)
        .where(sql<boolean>`exists (select 1 from ${sql.table('closed')})`)
        .returning('rater_id'),
    )
    .selectNoFrom((eb) => [
      eb.selectFrom('closed').select((count) => count.fn.countAll<string>().as('n')).as('closed'),
      eb.selectFrom('tallied').select((count) => count.fn.countAll<string>().as('n')).as('tallied'),
    ]),
);

/**
 * Marks the assignment voted and counts the vote on the rater's tally; false if it already was voted (by a concurrent
 * request that committed first).
 */
export async function closeOpenAssignment(
  db: Kysely<Database>,
  assignment: { id: string; raterId: number; setId: number; isOverlap: number },
  votedAt: string,
): Promise<boolean> {
  const params = { ...assignment, votedAt };
  let closed: number, tallied: number;
  if (onPostgres(db)) {
    const row = await closeOpenAndCountQuery.first(db, params);
    [closed, tallied] = [Number(row?.closed ?? 0), Number(row?.tallied ?? 0)];
  } else {
    closed = await closeOpenQuery.run(db, params);
    tallied = closed === 1 ? await countRaterVoteQuery.run(db, params) : 0;
  }
  if (closed !== 1) return false;
  if (tallied !== 1) await recountRaterTally(db, assignment);
  return true;
}

/**
 * The rater's tally of the set counted afresh from their assignments, for an item served without one (by an instance
 * still running the code from before migration 010 while another migrated): without it the vote could never count.
 */
async function recountRaterTally(db: Kysely<Database>, rater: { raterId: number; setId: number }): Promise<void> {
  await db
    .insertInto('rater_set_tallies')
    .columns(['rater_id', 'set_id', 'served', 'voted', 'overlap_voted'])
    .expression((eb) =>
      eb
        .selectFrom('assignments')
        .select((count) => [
          'rater_id',
          'set_id',
          count.fn.countAll<number>().as('served'),
          count.fn.count<number>('voted_at').as('voted'),
          count.fn.coalesce(count.fn.sum<number>(count.case().when('voted_at', 'is not', null).then(count.ref('is_overlap')).else(0).end()), count.lit(0)).as('overlap_voted'),
        ])
        .where('rater_id', '=', rater.raterId)
        .where('set_id', '=', rater.setId)
        .groupBy(['rater_id', 'set_id']),
    )
    .onConflict((conflict) =>
      conflict.columns(['rater_id', 'set_id']).doUpdateSet((eb) => ({
        served: eb.ref('excluded.served'),
        voted: eb.ref('excluded.voted'),
        overlap_voted: eb.ref('excluded.overlap_voted'),
      })),
    )
    .execute();
}

export interface CellCounts {
  cells: number;
  overlapCells: number;
}

const setCellCountsQuery = prepare((db, param: Param<{ setId: number }>) =>
  db
    .selectFrom('cells')
    .select((eb) => [eb.fn.countAll<string>().as('cells'), eb.fn.sum<string | null>('is_overlap').as('overlapCells')])
    .where('set_id', '=', param('setId')),
);

/** A set's cells never change after its import commits. */
const cellCountsCache = new PerDatabaseCache<number, CellCounts>();

export async function cellCountsOfSets(db: Kysely<Database>, setIds: readonly number[]): Promise<CellCounts> {
  const total = { cells: 0, overlapCells: 0 };
  for (const setId of setIds) {
    const counts = await cellCountsCache.get(db, setId, async () => {
      const row = await setCellCountsQuery.first(db, { setId });
      return { cells: Number(row?.cells ?? 0), overlapCells: Number(row?.overlapCells ?? 0) };
    });
    total.cells += counts?.cells ?? 0;
    total.overlapCells += counts?.overlapCells ?? 0;
  }
  return total;
}

/** The question and models of an assignment `a`. */
function servedItemOf<DB extends Database & { a: Pick<AssignmentTable, 'id' | 'question_id' | 'model_a_id' | 'model_b_id'> }>(
  query: SelectQueryBuilder<DB, 'a', object>,
) {
  return (query as unknown as SelectQueryBuilder<Database & { a: AssignmentTable }, 'a', object>).select([
    'a.id as assignmentId',
    'a.question_id as questionId',
    'a.model_a_id as modelAId',
    'a.model_b_id as modelBId',
  ]);
}

const openItemQuery = prepare((db, param: Param<{ id: string }>) =>
  servedItemOf(db.selectFrom('assignments as a')).select('a.set_id as setId').where('a.id', '=', param('id')),
);

/** An open item to show again, with its set, to tell whether what is served now still covers it. */
export async function findOpenItem(db: Kysely<Database>, assignmentId: string): Promise<ServedItem & { setId: number }> {
  const row = await openItemQuery.first(db, { id: assignmentId });
  if (!row) throw new Error(`assignment ${assignmentId} not found`);
  return row;
}
