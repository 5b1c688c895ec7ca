import type { Kysely } from 'kysely';
import type { AgreementVote } from '../../shared/agreement/orient.js';
import { categoriesInOrder } from '../../shared/progress/categories.js';
import { coverageByGroup, coverageOf } from '../../shared/progress/coverage.js';
import { overlapProgress } from '../../shared/progress/overlap.js';
import { minutesBefore, paceOf } from '../../shared/progress/pace.js';
import { raterProgressRows, type RaterTally } from '../../shared/progress/raters.js';
import { raterDiagnostics, type ShownVote } from '../../shared/research/rater-diagnostics.js';
import type { ProgressSnapshot } from '../../shared/schemas/progress.js';
import type { CategoryDeclaration } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { listCampaigns, modelNamesOfSet, type CampaignRow } from '../repositories/campaigns.js';
import {
  campaignMembers,
  cellTallies,
  countVotesSince,
  findSetsByIds,
  listActiveSetsForProgress,
  overlapCellIds,
  raterTallies,
  scopeVotePage,
  type CellScope,
  type CellTallyRow,
  type ProgressSetRow,
  type RaterTallyRow,
  type ScopeVoteRow,
} from '../repositories/progress.js';
import type { Runtime } from '../runtime.js';
import { modelIdsOf } from './campaigns.js';

/** A rater is active who voted this recently. */
const ACTIVE_WINDOW_MINUTES = 10;
/** The pace is the votes of this many minutes, extrapolated. */
const PACE_WINDOW_MINUTES = 15;
const PAGE_SIZE = 5000;

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
 * votes out, as the research analyses do.
 */
export async function progressSnapshot(db: Kysely<Database>, runtime: Runtime, campaignId: number | null): Promise<ProgressSnapshot> {
  const now = runtime.now();
  const scope = await progressScope(db, campaignId);
  const target = scope.target.votesPerCell;
  const models = await modelsInPlay(db, scope);
  const tallies = await cellTallies(db, scope.cells);
  const totals = coverageOf(tallies, target);
  const overlapCells = new Set(await overlapCellIds(db, scope.cells));
  const voted = await raterTallies(db, scope.cells);
  const votes = await loadScopeVotes(db, scope.cells);
  const counted = countedVotes(votes, voted);
  const tallied = await withMembers(db, scope, voted, overlapVotesByRater(votes, overlapCells));
  const raters = raterProgressRows(tallied, diagnosticsByRater(counted), minutesBefore(now, ACTIVE_WINDOW_MINUTES));
  return {
    generatedAt: now.toISOString(),
    scope: {
      campaign: scope.campaign && { id: scope.campaign.id, name: scope.campaign.name, status: scope.campaign.status },
      sets: scope.sets.map(({ id, name, version }) => ({ id, name, version })),
    },
    target: scope.target,
    totals,
    categories: categoryCoverage(scope.sets, tallies, target),
    models: [...models.values()].sort(byCodeUnit),
    pairs: pairCoverage(models, tallies, target),
    activeRaters: { windowMinutes: ACTIVE_WINDOW_MINUTES, count: raters.filter((r) => r.active).length },
    overlap: overlapProgress(counted.filter((v) => overlapCells.has(v.cellId)).map(agreementVote), overlapCells.size),
    pace: paceOf({
      now,
      windowMinutes: PACE_WINDOW_MINUTES,
      votesInWindow: await countVotesSince(db, scope.cells, minutesBefore(now, PACE_WINDOW_MINUTES)),
      votesToTarget: totals.votesToTarget,
    }),
    raters,
  };
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

/** Raters with a vote in the scope, and a campaign's members who have none yet. */
async function withMembers(
  db: Kysely<Database>,
  scope: ProgressScope,
  voted: readonly RaterTallyRow[],
  overlapVoted: ReadonlyMap<number, number>,
): Promise<RaterTally[]> {
  const tallies: RaterTally[] = voted.map(({ raterId, excludedAt, ...tally }) => ({
    ...tally,
    overlapVoted: overlapVoted.get(raterId) ?? 0,
    excluded: excludedAt !== null,
  }));
  if (scope.campaign !== null) {
    const voted = new Set(tallies.map((t) => t.pseudonym));
    for (const member of await campaignMembers(db, scope.campaign.id)) {
      if (voted.has(member.pseudonym)) continue;
      tallies.push({ pseudonym: member.pseudonym, displayName: member.displayName, votes: 0, overlapVoted: 0, lastVoteAt: null, excluded: member.excludedAt !== null });
    }
  }
  return tallies;
}

async function loadScopeVotes(db: Kysely<Database>, scope: CellScope): Promise<ScopeVoteRow[]> {
  const votes: ScopeVoteRow[] = [];
  for (let afterId = 0; ; ) {
    const page = await scopeVotePage(db, scope, afterId, PAGE_SIZE);
    votes.push(...page);
    if (page.length < PAGE_SIZE) return votes;
    afterId = page[page.length - 1]!.id;
  }
}

/** Each rater's votes on the scope's overlap items, excluded raters' too: it is their own progress. */
function overlapVotesByRater(votes: readonly ScopeVoteRow[], overlapCells: ReadonlySet<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const vote of votes) if (overlapCells.has(vote.cellId)) counts.set(vote.raterId, (counts.get(vote.raterId) ?? 0) + 1);
  return counts;
}

type CountedVote = ScopeVoteRow & { rater: string };

/** The votes of raters who are not excluded, by pseudonym: what agreement and diagnostics count, as in the research analyses. */
function countedVotes(votes: readonly ScopeVoteRow[], raters: readonly RaterTallyRow[]): CountedVote[] {
  const pseudonyms = new Map(raters.filter((r) => r.excludedAt === null).map((r) => [r.raterId, r.pseudonym]));
  return votes.flatMap((vote) => {
    const rater = pseudonyms.get(vote.raterId);
    return rater === undefined ? [] : [{ ...vote, rater }];
  });
}

// Ids stand in for model names: agreement and diagnostics only compare them.
const agreementVote = (v: CountedVote): AgreementVote => ({
  rater: v.rater,
  item: String(v.questionId),
  modelA: String(v.modelAId),
  modelB: String(v.modelBId),
  outcome: v.choice,
});

function diagnosticsByRater(votes: readonly CountedVote[]) {
  const shown: ShownVote[] = votes.map((v) => {
    const { rater, item, modelA, modelB, outcome } = agreementVote(v);
    return { rater, question: item, modelA, modelB, outcome, elapsedMs: v.elapsedMs };
  });
  return new Map(raterDiagnostics(shown).map((d) => [d.rater, d]));
}
