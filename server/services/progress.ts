import type { Kysely } from 'kysely';
import { setImmediate } from 'node:timers/promises';
import { categoriesInOrder } from '../../shared/progress/categories.js';
import { coverageByGroup, coverageOf } from '../../shared/progress/coverage.js';
import { minutesBefore, paceOf } from '../../shared/progress/pace.js';
import { byVotesThenPseudonym, raterProgressRow } from '../../shared/progress/raters.js';
import type { ProgressSnapshot, RaterProgressRow } from '../../shared/schemas/progress.js';
import type { CategoryDeclaration } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { listCampaigns, modelNamesOfSet, type CampaignRow } from '../repositories/campaigns.js';
import {
  campaignMembers,
  cellTallies,
  findSetsByIds,
  listActiveSetsForProgress,
  overlapCellIds,
  type CampaignMemberRow,
  type CellScope,
  type CellTallyRow,
  type ProgressSetRow,
} from '../repositories/progress.js';
import type { Runtime } from '../runtime.js';
import { modelIdsOf } from './campaigns.js';
import type { ProgressTallies, ScopeTally } from './progress-tally.js';

/** A rater is active who voted this recently. */
const ACTIVE_WINDOW_MINUTES = 10;
/** The pace is the votes of this many minutes, extrapolated. */
const PACE_WINDOW_MINUTES = 15;

/** What a snapshot covers: one campaign (its set version, models and target), or every active set whole. */
interface ProgressScope {
  campaign: CampaignRow | null;
  sets: ProgressSetRow[];
  cells: CellScope;
  target: ProgressSnapshot['target'];
}

/** The scope of `?campaign=ID`, or of every active set without one; an unknown campaign is a 404. */
export async function progressScope(db: Kysely<Database>, campaignId: number | null): Promise<ProgressScope> {
  if (campaignId === null) {
    const sets = await listActiveSetsForProgress(db);
    return {
      campaign: null,
      sets,
      cells: { setIds: sets.map((s) => s.id), modelIds: null, overlapCampaignId: null },
      target: { votesPerCell: 1, fromCampaign: false },
    };
  }
  const campaign = (await listCampaigns(db)).find((c) => c.id === campaignId);
  if (!campaign) throw notFound('CAMPAIGN_NOT_FOUND', `no campaign ${campaignId}`, [{ field: 'campaign', reason: 'unknown campaign' }]);
  const target = campaign.target_votes_per_cell;
  return {
    campaign,
    sets: await findSetsByIds(db, [campaign.set_id]),
    cells: { setIds: [campaign.set_id], modelIds: modelIdsOf(campaign), overlapCampaignId: campaign.id },
    target: target === null ? { votesPerCell: 1, fromCampaign: false } : { votesPerCell: target, fromCampaign: true },
  };
}

/**
 * Where a campaign (or every active set) stands: coverage against the target overall, per category and per model
 * pair; active raters; the overlap items and agreement on them; the pace and when the target falls; a row per rater
 * with the research diagnostics. Coverage counts every logged vote; agreement and diagnostics leave excluded raters'
 * votes out, as the research analyses do. Everything counted per vote comes from the scope's tally, which reads only
 * the votes since the last snapshot of the scope (the whole log, a page per turn of the event loop, the first time).
 */
export async function progressSnapshot(
  db: Kysely<Database>,
  runtime: Runtime,
  tallies: ProgressTallies,
  campaignId: number | null,
): Promise<ProgressSnapshot> {
  const now = runtime.now();
  const scope = await progressScope(db, campaignId);
  const target = scope.target.votesPerCell;
  const models = await modelsInPlay(db, scope);
  const overlapCells = new Set(await overlapCellIds(db, scope.cells));
  return tallies.read(db, campaignId, scope.cells, overlapCells, async (tally) => {
    // Read right after the tally's last page: on SQLite nothing commits in between, so both count the same votes.
    const cells = await cellTallies(db, scope.cells);
    const members = scope.campaign === null ? [] : await campaignMembers(db, scope.campaign.id);
    const totals = coverageOf(cells, target);
    const raters = await raterRows(tally, members, Date.parse(minutesBefore(now, ACTIVE_WINDOW_MINUTES)));
    return {
      generatedAt: now.toISOString(),
      scope: {
        campaign: scope.campaign && { id: scope.campaign.id, name: scope.campaign.name, status: scope.campaign.status },
        sets: scope.sets.map(({ id, name, version }) => ({ id, name, version })),
      },
      target: scope.target,
      totals,
      categories: categoryCoverage(scope.sets, cells, target),
      models: [...models.values()].sort(byCodeUnit),
      pairs: pairCoverage(models, cells, target),
      activeRaters: { windowMinutes: ACTIVE_WINDOW_MINUTES, count: raters.filter((r) => r.active).length },
      overlap: tally.overlap.progress(overlapCells.size),
      pace: paceOf({
        now,
        windowMinutes: PACE_WINDOW_MINUTES,
        votesInWindow: tally.voteTimes.countSince(Date.parse(minutesBefore(now, PACE_WINDOW_MINUTES))),
        votesToTarget: totals.votesToTarget,
      }),
      raters,
    };
  });
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Model names by id, of the scope's sets and among the campaign's models. */
async function modelsInPlay(db: Kysely<Database>, scope: ProgressScope): Promise<Map<number, string>> {
  const models = new Map<number, string>();
  for (const set of scope.sets) {
    for (const model of await modelNamesOfSet(db, set.id)) {
      if (scope.cells.modelIds === null || scope.cells.modelIds.includes(model.id)) models.set(model.id, model.name);
    }
  }
  return models;
}

function categoryCoverage(sets: readonly ProgressSetRow[], tallies: readonly CellTallyRow[], target: number): ProgressSnapshot['categories'] {
  const declared = sets.flatMap((set) => JSON.parse(set.categoriesJson) as CategoryDeclaration[]);
  const coverage = coverageByGroup(tallies, (t) => t.category, target);
  return categoriesInOrder(coverage.keys(), declared).map((c) => ({ ...c, ...coverage.get(c.category)! }));
}

/** One entry per model pair with cells, modelA before modelB in the models' order, in that order. */
function pairCoverage(models: ReadonlyMap<number, string>, tallies: readonly CellTallyRow[], target: number): ProgressSnapshot['pairs'] {
  const coverage = coverageByGroup(tallies, (t) => JSON.stringify([models.get(t.modelLowId)!, models.get(t.modelHighId)!].sort(byCodeUnit)), target);
  return [...coverage]
    .map(([key, c]) => {
      const [modelA, modelB] = JSON.parse(key) as [string, string];
      return { modelA, modelB, ...c };
    })
    .sort((x, y) => byCodeUnit(x.modelA, y.modelA) || byCodeUnit(x.modelB, y.modelB));
}

/** Rows built per turn of the event loop: 10,000 raters' rows at once held the votes up for tens of milliseconds. */
const ROWS_PER_TURN = 1000;

/** A row per rater with a vote in the scope, and per campaign member who has none yet (see `raterProgressRows`). */
async function raterRows(tally: ScopeTally, members: readonly CampaignMemberRow[], activeSinceMs: number): Promise<RaterProgressRow[]> {
  const voted = [...tally.raters.values()];
  const rows: RaterProgressRow[] = [];
  for (let from = 0; from < voted.length; from += ROWS_PER_TURN) {
    if (from > 0) await setImmediate();
    for (const rater of voted.slice(from, from + ROWS_PER_TURN)) {
      rows.push(raterProgressRow(rater, rater.excluded ? undefined : tally.diagnostics.diagnosticsOf(rater.pseudonym), activeSinceMs));
    }
  }
  const pseudonyms = new Set(voted.map((rater) => rater.pseudonym));
  for (const member of members) {
    if (pseudonyms.has(member.pseudonym)) continue;
    const { pseudonym, displayName, excludedAt } = member;
    rows.push(raterProgressRow({ pseudonym, displayName, votes: 0, overlapVoted: 0, lastVoteAt: null, excluded: excludedAt !== null }, undefined, activeSinceMs));
  }
  return rows.sort(byVotesThenPseudonym);
}
