import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { literalLimit, prepare, type Param } from '../db/prepared-query.js';

// The scheduler's reads: which cells a rater may be served next, least served first.

export interface CandidateCell {
  id: number;
  setId: number;
  questionId: number;
  modelLowId: number;
  modelHighId: number;
  /** Assignments served on the cell so far, voted or not. */
  servedCount: number;
  /** The rater was already served some pair on this cell's question. */
  questionSeen: boolean;
}

/**
 * What the scheduler may serve: cells of one set version, optionally among some models and below a vote target.
 * Without a campaign (the arena out of the box) the overlap items are the set's, drawn at import; a campaign has its own.
 */
export interface ServingScope {
  setId: number;
  campaignId: number | null;
  modelIds: number[] | null;
  targetVotesPerCell: number | null;
  raterQuota: number | null;
}

const activeSets = prepare((db) => db.selectFrom('question_sets').select('id').where('status', '=', 'active'));

export async function activeSetIds(db: Kysely<Database>): Promise<number[]> {
  return (await activeSets.rows(db, {})).map((row) => row.id);
}

/** Every active set, whole: what is served when no campaign has been created. */
export async function activeSetScopes(db: Kysely<Database>): Promise<ServingScope[]> {
  return (await activeSetIds(db)).map((setId) => ({ setId, campaignId: null, modelIds: null, targetVotesPerCell: null, raterQuota: null }));
}

/** Compared with vote_count when a scope has no target: above any count, and within PostgreSQL's integer. */
const NO_TARGET = 2_147_483_647;

/** Enough least-served cells to usually find one on a question the rater has not seen; each costs a row read. */
const CANDIDATES = 16;

type CandidateParams = { raterId: number; setId: number; belowVotes: number };

const candidateColumns = [
  'c.id as id',
  'c.set_id as setId',
  'c.question_id as questionId',
  'c.model_low_id as modelLowId',
  'c.model_high_id as modelHighId',
  'c.served_count as servedCount',
  'c.shuffle_key as shuffleKey',
] as const;

/**
 * Cells the rater was never served, each with whether the rater has seen its question (one probe of
 * assignments_rater_history_idx a row). Ordinary cells come least served first, then in the shuffled order fixed at
 * import: served, not voted, since raters who ask for items while others are still reading must be served different
 * cells, not all the same least-voted one. Overlap items come in the fixed order alone, the same for every rater, so
 * raters who stop early (a quota, or leaving) still share their first overlap items: least served first gave each
 * early leaver different ones, and agreement nothing to compare.
 */
function unservedCells(db: Kysely<Database>, raterId: number, order: 'least served' | 'fixed') {
  const cells = db
    .selectFrom('cells as c')
    .select(candidateColumns)
    .select(({ exists, selectFrom }) =>
      exists(
        selectFrom('assignments as seen')
          .select('seen.id')
          .where('seen.rater_id', '=', raterId)
          .whereRef('seen.question_id', '=', 'c.question_id'),
      ).as('questionSeen'),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('assignments as a').select('a.id').whereRef('a.cell_id', '=', 'c.id').where('a.rater_id', '=', raterId))),
    );
  return (order === 'least served' ? cells.orderBy('c.served_count') : cells).orderBy('c.shuffle_key');
}

/** A set served whole: its own overlap flag splits the two kinds of item (walks cells_schedule_idx). */
const setCandidates = prepare((db, param: Param<{ raterId: number; setId: number }>) =>
  unservedCells(db, param('raterId'), 'least served')
    .where('c.set_id', '=', param('setId'))
    .where('c.is_overlap', '=', 0)
    .limit(literalLimit(CANDIDATES)),
);

const setOverlapCandidates = prepare((db, param: Param<{ raterId: number; setId: number }>) =>
  unservedCells(db, param('raterId'), 'fixed')
    .where('c.set_id', '=', param('setId'))
    .where('c.is_overlap', '=', 1)
    .limit(literalLimit(CANDIDATES)),
);

/** A campaign's overlap items go to every rater, so its vote target does not apply to them. */
const campaignOverlapCandidates = prepare((db, param: Param<{ raterId: number; campaignId: number }>) =>
  unservedCells(db, param('raterId'), 'fixed')
    .innerJoin('campaign_overlap_cells as o', 'o.cell_id', 'c.id')
    .where('o.campaign_id', '=', param('campaignId'))
    .limit(literalLimit(CANDIDATES)),
);

/** A campaign's other cells, below its target (walks cells_campaign_schedule_idx); its models are filtered per call. */
function campaignCandidates(db: Kysely<Database>, params: CandidateParams & { campaignId: number }) {
  return unservedCells(db, params.raterId, 'least served')
    .where('c.set_id', '=', params.setId)
    .where('c.vote_count', '<', params.belowVotes)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('campaign_overlap_cells as o').select('o.cell_id').whereRef('o.cell_id', '=', 'c.id').where('o.campaign_id', '=', params.campaignId),
        ),
      ),
    )
    .limit(literalLimit(CANDIDATES));
}

const campaignWholeSetCandidates = prepare((db, param: Param<CandidateParams & { campaignId: number }>) =>
  campaignCandidates(db, {
    raterId: param('raterId'),
    setId: param('setId'),
    belowVotes: param('belowVotes'),
    campaignId: param('campaignId'),
  }),
);

function scopeCandidates(db: Kysely<Database>, raterId: number, overlap: boolean, scope: ServingScope) {
  const params = { raterId, setId: scope.setId, belowVotes: scope.targetVotesPerCell ?? NO_TARGET };
  if (scope.campaignId === null) return (overlap ? setOverlapCandidates : setCandidates).rows(db, { raterId, setId: scope.setId });
  if (overlap) return campaignOverlapCandidates.rows(db, { raterId, campaignId: scope.campaignId });
  if (scope.modelIds === null) return campaignWholeSetCandidates.rows(db, { ...params, campaignId: scope.campaignId });
  return campaignCandidates(db, { ...params, campaignId: scope.campaignId })
    .where('c.model_low_id', 'in', scope.modelIds)
    .where('c.model_high_id', 'in', scope.modelIds)
    .execute();
}

/**
 * Cells this rater was never served, in the order `unservedCells` gives. One query per scope, so each walks an index
 * in that order and stops after CANDIDATES rows instead of sorting every cell; the few scopes' candidates are then
 * merged.
 */
export async function candidateCells(
  db: Kysely<Database>,
  raterId: number,
  overlap: boolean,
  scopes: readonly ServingScope[],
): Promise<CandidateCell[]> {
  const perScope = await Promise.all(scopes.map((scope) => scopeCandidates(db, raterId, overlap, scope)));
  // One scope (the usual case) comes in order already.
  const rows =
    perScope.length === 1
      ? perScope[0]!
      : perScope.flat().sort((x, y) => (overlap ? 0 : x.servedCount - y.servedCount) || x.shuffleKey - y.shuffleKey);
  return rows.slice(0, CANDIDATES).map((row) => ({
    id: row.id,
    setId: row.setId,
    questionId: row.questionId,
    modelLowId: row.modelLowId,
    modelHighId: row.modelHighId,
    servedCount: row.servedCount,
    questionSeen: Boolean(row.questionSeen),
  }));
}
