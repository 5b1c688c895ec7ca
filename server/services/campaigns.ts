import type { Kysely } from 'kysely';
import type { Campaign, CreateCampaignRequest } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { sha256Hex } from '../sha256.js';
import { raterAssignmentsInCampaign } from '../repositories/assignments.js';
import { activeSetScopes, type ServingScope } from '../repositories/candidate-cells.js';
import {
  addMember,
  campaignCellCounts,
  cellsOfSet,
  insertOverlapCells,
  findInviteCampaign,
  insertCampaign,
  insertInvite,
  isMember,
  useInvite,
  listCampaigns,
  modelNamesOfSet,
  setCampaignStatus,
  type CampaignRow,
} from '../repositories/campaigns.js';
import { lockedSetStatus } from '../repositories/question-sets.js';
import type { Runtime } from '../runtime.js';
import { sample } from '../../shared/stats/random.js';

export type Serving = { scopes: ServingScope[] } | { closed: 'paused' | 'finished' | 'invite_only' };

/** The model ids a campaign puts in play; null: every model of its set. */
export const modelIdsOf = (campaign: CampaignRow) => (campaign.model_ids_json === null ? null : (JSON.parse(campaign.model_ids_json) as number[]));

/**
 * What a rater may be served now. Before any campaign exists, every active set (the arena out of the box). Once
 * campaigns exist, only running ones, each limited to its models and target, and to the rater's quota; with none
 * running the arena is closed, paused or finished, and a rater left out of every running one by invitation is told so.
 */
export async function currentServing(db: Kysely<Database>, raterId: number): Promise<Serving> {
  const campaigns = await listCampaigns(db);
  if (campaigns.length === 0) return { scopes: await activeSetScopes(db) };
  const running = campaigns.filter((c) => c.status === 'running');
  if (running.length === 0) return { closed: campaigns.some((c) => c.status === 'paused') ? 'paused' : 'finished' };
  const scopes: ServingScope[] = [];
  let notInvited = 0;
  for (const campaign of running) {
    if (campaign.invite_only === 1 && !(await isMember(db, campaign.id, raterId))) {
      notInvited++;
      continue;
    }
    if (campaign.rater_quota !== null) {
      const served = await raterAssignmentsInCampaign(db, raterId, { setId: campaign.set_id, createdAt: campaign.created_at, modelIds: modelIdsOf(campaign) });
      if (served >= campaign.rater_quota) continue;
    }
    scopes.push({
      setId: campaign.set_id,
      campaignId: campaign.id,
      modelIds: modelIdsOf(campaign),
      targetVotesPerCell: campaign.target_votes_per_cell,
      raterQuota: campaign.rater_quota,
    });
  }
  if (notInvited === running.length) return { closed: 'invite_only' };
  return { scopes };
}

async function describe(db: Kysely<Database>, campaign: CampaignRow): Promise<Campaign> {
  const models = await modelNamesOfSet(db, campaign.set_id);
  const ids = modelIdsOf(campaign);
  const counts = await campaignCellCounts(db, campaign, ids);
  return {
    id: campaign.id,
    name: campaign.name,
    setId: campaign.set_id,
    models: models.filter((m) => ids === null || ids.includes(m.id)).map((m) => m.name),
    targetVotesPerCell: campaign.target_votes_per_cell,
    raterQuota: campaign.rater_quota,
    overlapItems: campaign.overlap_items,
    inviteOnly: campaign.invite_only === 1,
    status: campaign.status,
    createdAt: campaign.created_at,
    cells: counts.cells,
    cellsAtTarget: campaign.target_votes_per_cell === null ? null : counts.atTarget,
    votes: counts.votes,
  };
}

export async function listCampaignSummaries(db: Kysely<Database>): Promise<Campaign[]> {
  return Promise.all((await listCampaigns(db)).map((campaign) => describe(db, campaign)));
}

export async function createCampaign(db: Kysely<Database>, runtime: Runtime, request: CreateCampaignRequest): Promise<Campaign> {
  const setModels = await modelNamesOfSet(db, request.setId);
  if (setModels.length === 0) throw notFound('SET_NOT_FOUND', `no question set with id ${request.setId}`, [{ field: 'setId', reason: 'unknown set' }]);
  let modelIds: number[] | null = null;
  if (request.models !== undefined) {
    const unknown = request.models.filter((name) => !setModels.some((m) => m.name === name));
    if (unknown.length > 0) {
      throw badRequest('UNKNOWN_MODEL', `the set has no model ${unknown.map((n) => `"${n}"`).join(', ')}`, [
        { field: 'models', reason: `not in the set: ${unknown.join(', ')}` },
      ]);
    }
    modelIds = setModels.filter((m) => request.models!.includes(m.name)).map((m) => m.id);
  }
  const overlapCellIds = drawOverlapCells(await cellsOfSet(db, request.setId), modelIds, request.overlapItems, runtime.random);
  const id = await db.transaction().execute(async (trx) => {
    if ((await lockedSetStatus(trx, request.setId)) === 'archived') throw setArchived(request.setId, 'setId');
    const campaignId = await insertCampaign(trx, {
      name: request.name,
      set_id: request.setId,
      model_ids_json: modelIds === null ? null : JSON.stringify(modelIds),
      target_votes_per_cell: request.targetVotesPerCell ?? null,
      rater_quota: request.raterQuota ?? null,
      invite_only: request.inviteOnly ? 1 : 0,
      overlap_items: overlapCellIds.length,
      status: 'running',
      created_at: runtime.now().toISOString(),
    });
    await insertOverlapCells(trx, campaignId, overlapCellIds);
    return campaignId;
  });
  return (await listCampaignSummaries(db)).find((c) => c.id === id)!;
}

const DEFAULT_OVERLAP_ITEMS = 20;

type SetCell = Awaited<ReturnType<typeof cellsOfSet>>[number];

/** `count` random questions of the set, and on each a random pair among the campaign's models: its overlap items. */
function drawOverlapCells(cells: readonly SetCell[], modelIds: number[] | null, asked: number | undefined, random: () => number): number[] {
  const inPlay = cells.filter((c) => modelIds === null || (modelIds.includes(c.modelLowId) && modelIds.includes(c.modelHighId)));
  const byQuestion = new Map<number, SetCell[]>();
  for (const cell of inPlay) byQuestion.set(cell.questionId, [...(byQuestion.get(cell.questionId) ?? []), cell]);
  const count = asked ?? Math.min(DEFAULT_OVERLAP_ITEMS, byQuestion.size);
  if (count > byQuestion.size) {
    throw badRequest('TOO_MANY_OVERLAP_ITEMS', `the set has ${byQuestion.size} questions: at most that many overlap items`, [
      { field: 'overlapItems', reason: `at most ${byQuestion.size}, one per question` },
    ]);
  }
  return sample([...byQuestion.values()], count, random).map((pairs) => pairs[Math.floor(random() * pairs.length)]!.id);
}

export async function changeCampaignStatus(db: Kysely<Database>, id: number, status: CampaignRow['status']): Promise<Campaign> {
  await db.transaction().execute(async (trx) => {
    const campaign = (await listCampaigns(trx)).find((c) => c.id === id);
    if (campaign === undefined) throw notFound('CAMPAIGN_NOT_FOUND', `no campaign ${id}`, [{ field: 'id', reason: 'unknown campaign' }]);
    if (status === 'running' && (await lockedSetStatus(trx, campaign.set_id)) === 'archived') throw setArchived(campaign.set_id, 'status');
    await setCampaignStatus(trx, id, status);
  });
  return (await listCampaignSummaries(db)).find((c) => c.id === id)!;
}

/** A campaign serves one set version; once a newer upload archived it, its items are stale and cannot take votes. */
const setArchived = (setId: number, field: string) =>
  conflict('SET_ARCHIVED', `question set version ${setId} is archived: a newer version replaced it, so its items cannot take votes`, [
    { field, reason: 'the set version is archived; start a campaign on the current version' },
  ]);

const hashCode = sha256Hex;

/** An invite link to a campaign; only its hash is stored, so the link is shown once. */
export async function createInvite(
  db: Kysely<Database>,
  runtime: Runtime,
  campaignId: number,
  maxUses: number | null,
): Promise<{ code: string; link: string; maxUses: number | null }> {
  if (!(await listCampaigns(db)).some((c) => c.id === campaignId)) {
    throw notFound('CAMPAIGN_NOT_FOUND', `no campaign ${campaignId}`, [{ field: 'id', reason: 'unknown campaign' }]);
  }
  const code = runtime.secureToken(18);
  await insertInvite(db, { code_hash: hashCode(code), campaign_id: campaignId, max_uses: maxUses, created_at: runtime.now().toISOString() });
  return { code, link: `/?invite=${code}`, maxUses };
}

/** A rater joins the campaign behind an invite; joining twice uses the invite once. */
export async function acceptInvite(db: Kysely<Database>, runtime: Runtime, raterId: number, code: string): Promise<{ campaign: string }> {
  return db.transaction().execute(async (trx) => {
    const invitedTo = await findInviteCampaign(trx, hashCode(code));
    const alreadyMember = invitedTo !== null && (await isMember(trx, invitedTo, raterId));
    const campaignId = alreadyMember ? invitedTo : await useInvite(trx, hashCode(code));
    if (campaignId === null) {
      throw notFound('INVITE_NOT_FOUND', 'this invite link is unknown or used up', [{ field: 'code', reason: 'unknown or used up' }]);
    }
    await addMember(trx, campaignId, raterId, runtime.now().toISOString());
    const campaign = (await listCampaigns(trx)).find((c) => c.id === campaignId)!;
    return { campaign: campaign.name };
  });
}
