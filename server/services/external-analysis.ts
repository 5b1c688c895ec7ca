import { parseExternalLog, type ExternalLogFormat } from '../../shared/research/external-log.js';
import { consistencyReport, heatmapReport, raterReport, ratingsReport, type AnalysisVote, type RatingsOptions } from '../../shared/research/reports.js';
import type { TiesMode } from '../../shared/rating/win-rates.js';
import type { AnalysisReport } from '../../shared/schemas/research.js';
import { badRequest } from '../errors.js';

/**
 * The same analyses on a vote log from elsewhere (CSV, JSONL or Chatbot Arena's JSON). The item of a vote is its
 * question and turn; votes without a judge count for ratings only, votes without a question for ratings and their judge's
 * diagnostics, not for agreement. Runs on the report worker (report-runner.ts).
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
