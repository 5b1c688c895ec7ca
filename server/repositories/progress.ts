import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** The cells a progress snapshot covers: those of these set versions among these models (null: every model). */
export interface CellScope {
  setIds: number[];
  modelIds: number[] | null;
  /** Whose overlap items: this campaign's own, or (null) the ones each set drew at import. */
  overlapCampaignId: number | null;
}

export interface ProgressSetRow {
  id: number;
  name: string;
  version: number;
  categoriesJson: string;
}

const setColumns = ['id', 'name', 'version', 'categories_json as categoriesJson'] as const;

export async function findSetsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<ProgressSetRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('question_sets').select(setColumns).where('id', 'in', ids).orderBy('id').execute();
}

export async function listActiveSetsForProgress(db: Kysely<Database>): Promise<ProgressSetRow[]> {
  return db.selectFrom('question_sets').select(setColumns).where('status', '=', 'active').orderBy('id').execute();
}

export interface CellTallyRow {
  category: string;
  modelLowId: number;
  modelHighId: number;
  votes: number;
  cells: number;
}

/**
 * The scope's cells counted by category, model pair and vote count: one row per distinct combination, so the result
 * stays small however many cells there are. `vote_count` counts every logged vote, excluded raters' too.
 */
export async function cellTallies(db: Kysely<Database>, scope: CellScope): Promise<CellTallyRow[]> {
  if (scope.setIds.length === 0) return [];
  let query = db
    .selectFrom('cells as c')
    .innerJoin('questions as q', 'q.id', 'c.question_id')
    .select((eb) => [
      'q.category as category',
      'c.model_low_id as modelLowId',
      'c.model_high_id as modelHighId',
      'c.vote_count as votes',
      eb.fn.countAll<string>().as('cells'),
    ])
    .where('c.set_id', 'in', scope.setIds);
  if (scope.modelIds !== null) query = query.where('c.model_low_id', 'in', scope.modelIds).where('c.model_high_id', 'in', scope.modelIds);
  const rows = await query.groupBy(['q.category', 'c.model_low_id', 'c.model_high_id', 'c.vote_count']).execute();
  return rows.map((row) => ({ ...row, cells: Number(row.cells) }));
}

/** The scope's overlap items: a campaign's own (drawn among its models), or its sets' when it is no campaign. */
export async function overlapCellIds(db: Kysely<Database>, scope: CellScope): Promise<number[]> {
  if (scope.overlapCampaignId !== null) {
    const rows = await db.selectFrom('campaign_overlap_cells').select('cell_id').where('campaign_id', '=', scope.overlapCampaignId).execute();
    return rows.map((row) => row.cell_id);
  }
  if (scope.setIds.length === 0) return [];
  let query = db.selectFrom('cells').select('id').where('set_id', 'in', scope.setIds).where('is_overlap', '=', 1);
  if (scope.modelIds !== null) query = query.where('model_low_id', 'in', scope.modelIds).where('model_high_id', 'in', scope.modelIds);
  return (await query.execute()).map((row) => row.id);
}

/** Votes on the scope's cells; a vote carries its set and models, so no join with cells is needed. */
function votesInScope(db: Kysely<Database>, scope: CellScope) {
  let query = db.selectFrom('votes as v').where('v.set_id', 'in', scope.setIds);
  if (scope.modelIds !== null) query = query.where('v.model_a_id', 'in', scope.modelIds).where('v.model_b_id', 'in', scope.modelIds);
  return query;
}

export interface RaterProgressInfo {
  id: number;
  pseudonym: string;
  displayName: string | null;
  excludedAt: string | null;
}

/** Who these raters are and whether they are excluded now; ids absent from the table are left out. */
export async function raterProgressInfo(db: Kysely<Database>, ids: readonly number[]): Promise<RaterProgressInfo[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('raters')
    .select(['id', 'pseudonym', 'display_name as displayName', 'excluded_at as excludedAt'])
    .where('id', 'in', ids)
    .execute();
}

export interface CampaignMemberRow {
  pseudonym: string;
  displayName: string | null;
  excludedAt: string | null;
}

/** The raters who joined a campaign through an invite, whether or not they have voted yet. */
export async function campaignMembers(db: Kysely<Database>, campaignId: number): Promise<CampaignMemberRow[]> {
  return db
    .selectFrom('campaign_members as m')
    .innerJoin('raters as r', 'r.id', 'm.rater_id')
    .select(['r.pseudonym as pseudonym', 'r.display_name as displayName', 'r.excluded_at as excludedAt'])
    .where('m.campaign_id', '=', campaignId)
    .execute();
}

export interface ScopeVoteRow {
  id: number;
  raterId: number;
  cellId: number;
  questionId: number;
  modelAId: number;
  modelBId: number;
  choice: 'A' | 'B' | 'tie';
  elapsedMs: number;
  createdAt: string;
}

/** The newest vote's id in the whole log (0 when empty): how far a reader of the log can go, whatever its scope. */
export async function lastVoteId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('votes')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

const scopeVoteColumns = [
  'v.id as id',
  'v.rater_id as raterId',
  'v.cell_id as cellId',
  'v.question_id as questionId',
  'v.model_a_id as modelAId',
  'v.model_b_id as modelBId',
  'v.choice as choice',
  'v.elapsed_ms as elapsedMs',
  'v.created_at as createdAt',
] as const;

/**
 * One page of the scope's votes in id order after `afterId` and up to `throughId`: what every per-rater figure of
 * a snapshot is folded from.
 */
export async function scopeVotePage(
  db: Kysely<Database>,
  scope: CellScope,
  range: { afterId: number; throughId: number },
  limit: number,
): Promise<ScopeVoteRow[]> {
  if (scope.setIds.length === 0) return [];
  return votesInScope(db, scope)
    .select(scopeVoteColumns)
    .where('v.id', '>', range.afterId)
    .where('v.id', '<=', range.throughId)
    .orderBy('v.id')
    .limit(limit)
    .execute();
}

/** Which of these ids the log holds now, in any scope. */
export async function existingVoteIds(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('votes').select('id').where('id', 'in', ids).execute()).map((row) => row.id);
}

/** The ids the log holds after `afterId` and up to `throughId`, in any scope (an index range, no rows read). */
export async function voteIdsBetween(db: Kysely<Database>, afterId: number, throughId: number): Promise<number[]> {
  const rows = await db.selectFrom('votes').select('id').where('id', '>', afterId).where('id', '<=', throughId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** The scope's votes among these ids. */
export async function scopeVotesWithIds(db: Kysely<Database>, scope: CellScope, ids: readonly number[]): Promise<ScopeVoteRow[]> {
  if (scope.setIds.length === 0 || ids.length === 0) return [];
  return votesInScope(db, scope).select(scopeVoteColumns).where('v.id', 'in', ids).orderBy('v.id').execute();
}
