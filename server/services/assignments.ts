import type { Kysely } from 'kysely';
import type { NextResponse, Progress } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import { cellCountsOfSets, findOpenItem, raterState, raterTally, serveAssignment, type RaterTally } from '../repositories/assignments.js';
import { activeSetIds, candidateCells, type CandidateCell, type ServingScope } from '../repositories/candidate-cells.js';
import { campaignCellTotals } from '../repositories/campaigns.js';
import { lockRater } from '../repositories/locks.js';
import { currentServing } from './campaigns.js';
import { describeItem } from './item-content.js';
import type { Runtime } from '../runtime.js';

export interface SchedulingOptions {
  /** Every n-th item served is an overlap item while the rater has overlap items left. */
  overlapEvery: number;
}

/**
 * The rater's open assignment if there is one (a reload shows the same item), else a new one:
 * an overlap cell on every `overlapEvery`-th item, otherwise (or when that class is used up) the least-served cell the
 * rater has not seen, preferring a question the rater has not seen. Which answer is A is a coin flip.
 */
export async function nextAssignment(
  db: Kysely<Database>,
  runtime: Runtime,
  options: SchedulingOptions,
  raterId: number,
): Promise<NextResponse> {
  return db.transaction().execute(async (trx): Promise<NextResponse> => {
    await lockRater(trx, raterId);
    const serving = await currentServing(trx, raterId);
    const { tally, openAssignmentId: open } = await raterState(trx, raterId);
    if ('closed' in serving) return { status: 'closed', reason: serving.closed, progress: await progressOf(trx, tally, []) };
    if (open) {
      const item = await findOpenItem(trx, open);
      // Outside what is served now (its campaign paused or finished, or not the rater's): it stays open, and a vote
      // on it still counts, but the rater is served from what runs now instead of being held on it.
      if (isServed(item, serving.scopes)) return { ...(await describeItem(trx, item)), progress: await progressOf(trx, tally, serving.scopes) };
    }

    const wantOverlap = tally.served % options.overlapEvery === 0;
    const pick =
      (await pickCell(trx, raterId, wantOverlap, serving.scopes)) ?? (await pickCell(trx, raterId, !wantOverlap, serving.scopes));
    if (!pick) return { status: 'finished', progress: await progressOf(trx, tally, serving.scopes) };
    const item = {
      id: runtime.secureToken(16),
      raterId,
      isOverlap: pick.isOverlap,
      aIsLow: runtime.random() < 0.5,
      servedAt: runtime.now().toISOString(),
    };
    const served = await serveAssignment(trx, item, pick.cell, pick.candidates);
    const afterServing = { ...tally, served: tally.served + 1, servedOnActiveSets: tally.servedOnActiveSets + 1 };
    return { ...(await describeItem(trx, served)), progress: await progressOf(trx, afterServing, serving.scopes) };
  });
}

function isServed(item: { setId: number; modelAId: number; modelBId: number }, scopes: readonly ServingScope[]): boolean {
  return scopes.some(
    (scope) => scope.setId === item.setId && (scope.modelIds === null || (scope.modelIds.includes(item.modelAId) && scope.modelIds.includes(item.modelBId))),
  );
}

/** The least-served cell the rater may be served, preferring an unseen question, and the candidates it was among. */
async function pickCell(
  db: Kysely<Database>,
  raterId: number,
  overlap: boolean,
  scopes: readonly ServingScope[],
): Promise<{ cell: CandidateCell; candidates: CandidateCell[]; isOverlap: boolean } | null> {
  const candidates = await candidateCells(db, raterId, overlap, scopes);
  const first = candidates[0];
  if (!first) return null;
  // Overlap items in their fixed order, the same for every rater (see unservedCells).
  const cell = overlap ? first : (candidates.find((c) => c.servedCount === first.servedCount && !c.questionSeen) ?? first);
  return { cell, candidates: overlap ? [first] : candidates, isOverlap: overlap };
}

export async function raterProgress(db: Kysely<Database>, raterId: number): Promise<Progress> {
  const serving = await currentServing(db, raterId);
  return progressOf(db, await raterTally(db, raterId), 'closed' in serving ? [] : serving.scopes);
}

/**
 * Votes over every set. Overlap total and remaining cells over what can be served now: the campaigns serving the
 * rater, or without campaigns every active set.
 */
async function progressOf(db: Kysely<Database>, tally: RaterTally, scopes: readonly ServingScope[]): Promise<Progress> {
  const campaigns = scopes.filter((scope) => scope.campaignId !== null);
  // Without campaigns the scopes are the active sets, already read; none when closed, so read them then.
  const setIds = scopes.length > 0 ? scopes.map((scope) => scope.setId) : await activeSetIds(db);
  const totals =
    campaigns.length === 0
      ? await cellCountsOfSets(db, setIds)
      : (await Promise.all(campaigns.map((scope) => campaignCellTotals(db, { id: scope.campaignId!, ...scope })))).reduce(
          (sum, counts) => ({ cells: sum.cells + counts.cells, overlapCells: sum.overlapCells + counts.overlapCells }),
          { cells: 0, overlapCells: 0 },
        );
  return {
    voted: tally.voted,
    overlapVoted: tally.overlapVoted,
    overlapTotal: totals.overlapCells,
    remaining: Math.max(0, totals.cells - tally.servedOnActiveSets),
  };
}
