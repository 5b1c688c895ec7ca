import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CampaignTable, Database, InviteTable } from '../db/database.js';
import { PerDatabaseCache } from '../db/per-database-cache.js';
import { prepare, type Param } from '../db/prepared-query.js';

export type CampaignRow = Selectable<CampaignTable>;

// Columns named, not `*`: PostgreSQL refuses a named statement whose result columns changed under it (a migration
// adding a column while this instance runs), where a named list keeps working.
const campaignsQuery = prepare((db) =>
  db
    .selectFrom('campaigns')
    .select([
      'id',
      'name',
      'set_id',
      'model_ids_json',
      'target_votes_per_cell',
      'rater_quota',
      'status',
      'created_at',
      'invite_only',
      'overlap_items',
    ])
    .orderBy('id'),
);

/** Read on every item request: a small table. */
export async function listCampaigns(db: Kysely<Database>): Promise<CampaignRow[]> {
  return campaignsQuery.rows(db, {});
}

export async function insertCampaign(db: Kysely<Database>, campaign: Insertable<CampaignTable>): Promise<number> {
  const row = await db.insertInto('campaigns').values(campaign).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Pauses the running campaigns on every other version of a set, which an import has just archived; how many. */
export async function pauseCampaignsOfOtherVersions(db: Kysely<Database>, slug: string, keepSetId: number): Promise<number> {
  const result = await db
    .updateTable('campaigns')
    .set({ status: 'paused' })
    .where('status', '=', 'running')
    .where('set_id', 'in', (eb) => eb.selectFrom('question_sets').select('id').where('slug', '=', slug).where('id', '!=', keepSetId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setCampaignStatus(db: Kysely<Database>, id: number, status: CampaignRow['status']): Promise<void> {
  await db.updateTable('campaigns').set({ status }).where('id', '=', id).execute();
}

/** Cells of a campaign's set among its models: how many there are, how many reached the target, and the votes. */
export async function campaignCellCounts(db: Kysely<Database>, campaign: CampaignRow, modelIds: number[] | null) {
  const target = campaign.target_votes_per_cell;
  let query = db
    .selectFrom('cells')
    .select((eb) => [
      eb.fn.countAll<string>().as('cells'),
      eb.fn.sum<string>('vote_count').as('votes'),
      // Without a target no cell is at it; no stand-in number, which PostgreSQL's integer column might not hold.
      target === null
        ? eb.lit(0).as('atTarget')
        : eb.fn.sum<string>(eb.case().when(eb('vote_count', '>=', target)).then(1).else(0).end()).as('atTarget'),
    ])
    .where('set_id', '=', campaign.set_id);
  if (modelIds !== null) query = query.where('model_low_id', 'in', modelIds).where('model_high_id', 'in', modelIds);
  const row = await query.executeTakeFirstOrThrow();
  return { cells: Number(row.cells), votes: Number(row.votes ?? 0), atTarget: Number(row.atTarget ?? 0) };
}

/** A campaign's set, models and overlap items never change after it is created. */
const campaignTotalsCache = new PerDatabaseCache<number, { cells: number; overlapCells: number }>();

export async function campaignCellTotals(
  db: Kysely<Database>,
  campaign: { id: number; setId: number; modelIds: number[] | null },
): Promise<{ cells: number; overlapCells: number }> {
  const totals = await campaignTotalsCache.get(db, campaign.id, async () => {
    let cells = db.selectFrom('cells').select((eb) => eb.fn.countAll<string>().as('n')).where('set_id', '=', campaign.setId);
    if (campaign.modelIds !== null) cells = cells.where('model_low_id', 'in', campaign.modelIds).where('model_high_id', 'in', campaign.modelIds);
    const overlap = db
      .selectFrom('campaign_overlap_cells')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('campaign_id', '=', campaign.id);
    return {
      cells: Number((await cells.executeTakeFirstOrThrow()).n),
      overlapCells: Number((await overlap.executeTakeFirstOrThrow()).n),
    };
  });
  return totals!;
}

export async function insertOverlapCells(db: Kysely<Database>, campaignId: number, cellIds: readonly number[]): Promise<void> {
  if (cellIds.length === 0) return;
  await db
    .insertInto('campaign_overlap_cells')
    .values(cellIds.map((cellId) => ({ campaign_id: campaignId, cell_id: cellId })))
    .execute();
}

/** Every cell of a set with its question and pair, to draw a campaign's overlap items from. */
export async function cellsOfSet(db: Kysely<Database>, setId: number) {
  return db
    .selectFrom('cells')
    .select(['id', 'question_id as questionId', 'model_low_id as modelLowId', 'model_high_id as modelHighId'])
    .where('set_id', '=', setId)
    .orderBy('id')
    .execute();
}

export async function modelNamesOfSet(db: Kysely<Database>, setId: number): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('answers as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .innerJoin('models as m', 'm.id', 'a.model_id')
    .select(['m.id', 'm.name'])
    .distinct()
    .where('q.set_id', '=', setId)
    .orderBy('m.name')
    .execute();
}

export async function insertInvite(db: Kysely<Database>, invite: Insertable<InviteTable>): Promise<void> {
  await db.insertInto('invites').values(invite).execute();
}

/** Counts one use of an invite, in one statement so two raters cannot both take its last use; null if none is left. */
export async function useInvite(db: Kysely<Database>, codeHash: string): Promise<number | null> {
  const row = await db
    .updateTable('invites')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('code_hash', '=', codeHash)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .returning('campaign_id')
    .executeTakeFirst();
  return row?.campaign_id ?? null;
}

export async function addMember(db: Kysely<Database>, campaignId: number, raterId: number, joinedAt: string): Promise<boolean> {
  const result = await db
    .insertInto('campaign_members')
    .values({ campaign_id: campaignId, rater_id: raterId, joined_at: joinedAt })
    .onConflict((oc) => oc.columns(['campaign_id', 'rater_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

const memberQuery = prepare((db, param: Param<{ campaignId: number; raterId: number }>) =>
  db.selectFrom('campaign_members').select('rater_id').where('campaign_id', '=', param('campaignId')).where('rater_id', '=', param('raterId')),
);

export async function isMember(db: Kysely<Database>, campaignId: number, raterId: number): Promise<boolean> {
  return (await memberQuery.first(db, { campaignId, raterId })) !== undefined;
}

export async function findInviteCampaign(db: Kysely<Database>, codeHash: string): Promise<number | null> {
  const row = await db.selectFrom('invites').select('campaign_id').where('code_hash', '=', codeHash).executeTakeFirst();
  return row?.campaign_id ?? null;
}
