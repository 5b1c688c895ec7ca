import type { Kysely } from 'kysely';
import { parseExternalLog, type ExternalLogFormat } from '../../shared/research/external-log.js';
import {
  consistencyReport,
  heatmapReport,
  raterReport,
  ratingsReport,
  type AnalysisVote,
  type RatingsOptions,
} from '../../shared/research/reports.js';
import type { AnalysisReport, ConsistencyReport, HeatmapReport, RaterReport, RatingsReport } from '../../shared/schemas/research.js';
import type { TiesMode } from '../../shared/rating/win-rates.js';
import type { Database } from '../db/database.js';
import { badRequest } from '../errors.js';
import { raterDisplayNames, type VoteFilter } from '../repositories/research.js';
import { loadArenaVotes } from './analysis-votes.js';

/** Elo with the arena's own constants, for heatmaps and external logs that ask for no other. */
const ARENA_ELO = { k: 16, initial: 1000 };

export async function arenaRatings(db: Kysely<Database>, filter: VoteFilter, options: RatingsOptions): Promise<RatingsReport> {
  return ratingsReport(await loadArenaVotes(db, filter), filter.category ?? null, options);
}

export async function arenaHeatmap(db: Kysely<Database>, filter: VoteFilter, ties: TiesMode): Promise<HeatmapReport> {
  return heatmapReport(await loadArenaVotes(db, filter), filter.category ?? null, { ties, ...ARENA_ELO });
}

export async function arenaConsistency(
  db: Kysely<Database>,
  filter: VoteFilter,
  options: { rounds: number; seed: number },
): Promise<ConsistencyReport> {
  return consistencyReport(await loadArenaVotes(db, filter), options);
}

export async function arenaRaters(db: Kysely<Database>, filter: VoteFilter): Promise<RaterReport> {
  return raterReport(await loadArenaVotes(db, filter), await raterDisplayNames(db));
}

/**
 * The same analyses on a vote log from elsewhere (CSV, JSONL or Chatbot Arena's JSON). The item of a vote is its
 * question and turn; votes without a judge or question count for ratings but not for agreement.
 */
export function analyzeExternalLog(
  text: string,
  format: ExternalLogFormat,
  options: RatingsOptions & { ties: TiesMode },
): AnalysisReport {
  const log = parseExternalLog(text, format);
  if (log.errorCount > 0) {
    const more = log.errorCount > log.errors.length ? ` (the first ${log.errors.length} are listed)` : '';
    throw badRequest(
      'INVALID_VOTE_LOG',
      `the vote log has ${log.errorCount} problem(s)${more}`,
      // Line 0 means unknown (a file nested too deeply to walk for lines).
      log.errors.map((e) => ({ field: e.field, reason: e.reason, ...(e.line > 0 ? { line: e.line } : {}) })),
    );
  }
  // Votes of raters an organizer excluded (the arena's own export marks them) count in no analysis, as in the arena.
  const votes: AnalysisVote[] = log.votes.flatMap((v) =>
    v.excluded
      ? []
      : [
          {
            rater: v.judge,
            question: v.questionId === null ? null : `${v.questionId}#${v.turn ?? 1}`,
            modelA: v.modelA,
            modelB: v.modelB,
            outcome: v.outcome,
            category: v.category,
            isOverlap: false,
            elapsedMs: v.elapsedMs,
          },
        ],
  );
  return {
    source: { format: format === 'json' ? 'arena' : format, votes: votes.length, excludedVotes: log.votes.length - votes.length },
    ratings: ratingsReport(votes, null, options),
    heatmap: heatmapReport(votes, null, { ties: options.ties, k: options.k, initial: options.initial }),
    consistency: consistencyReport(votes, options),
    raters: raterReport(votes),
  };
}
