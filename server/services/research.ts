import type { Kysely } from 'kysely';
import { heatmapReport, raterReport, type RatingsOptions } from '../../shared/research/reports.js';
import type { ConsistencyReport, HeatmapReport, RaterReport, RatingsReport } from '../../shared/schemas/research.js';
import type { TiesMode } from '../../shared/rating/win-rates.js';
import type { Database } from '../db/database.js';
import { raterDisplayNames, type VoteFilter } from '../repositories/research.js';
import { loadArenaVotes } from './analysis-votes.js';
import type { ReportRunner } from './report-runner.js';

/** Elo with the arena's own constants, for heatmaps and external logs that ask for no other. */
const ARENA_ELO = { k: 16, initial: 1000 };

/** The bootstrap refits the ratings `rounds` times: seconds on a large log, so it runs on the report worker. */
export async function arenaRatings(
  db: Kysely<Database>,
  reports: ReportRunner,
  filter: VoteFilter,
  options: RatingsOptions,
): Promise<RatingsReport> {
  return reports.run({ kind: 'ratings', votes: await loadArenaVotes(db, filter), category: filter.category ?? null, options });
}

export async function arenaHeatmap(db: Kysely<Database>, filter: VoteFilter, ties: TiesMode): Promise<HeatmapReport> {
  return heatmapReport(await loadArenaVotes(db, filter), filter.category ?? null, { ties, ...ARENA_ELO });
}

export async function arenaConsistency(
  db: Kysely<Database>,
  reports: ReportRunner,
  filter: VoteFilter,
  options: { rounds: number; seed: number },
): Promise<ConsistencyReport> {
  return reports.run({ kind: 'consistency', votes: await loadArenaVotes(db, filter), options });
}

export async function arenaRaters(db: Kysely<Database>, filter: VoteFilter): Promise<RaterReport> {
  return raterReport(await loadArenaVotes(db, filter), await raterDisplayNames(db));
}
