import type { ExternalLogFormat } from '../../shared/research/external-log.js';
import { consistencyReport, ratingsReport, type AnalysisVote, type RatingsOptions } from '../../shared/research/reports.js';
import type { TiesMode } from '../../shared/rating/win-rates.js';
import type { AnalysisReport, ConsistencyReport, RatingsReport } from '../../shared/schemas/research.js';
import { analyzeExternalLog } from './external-analysis.js';

/** The research computations that can take seconds (bootstraps, a whole external log), as messages to the worker. */
export type ReportJob =
  | { kind: 'ratings'; votes: AnalysisVote[]; category: string | null; options: RatingsOptions }
  | { kind: 'consistency'; votes: AnalysisVote[]; options: { rounds: number; seed: number } }
  | { kind: 'analyze'; text: string; format: ExternalLogFormat; options: RatingsOptions & { ties: TiesMode } };

export interface ReportResults {
  ratings: RatingsReport;
  consistency: ConsistencyReport;
  analyze: AnalysisReport;
}

export function runReportJob<J extends ReportJob>(job: J): ReportResults[J['kind']] {
  switch (job.kind) {
    case 'ratings':
      return ratingsReport(job.votes, job.category, job.options) as ReportResults[J['kind']];
    case 'consistency':
      return consistencyReport(job.votes, job.options) as ReportResults[J['kind']];
    case 'analyze':
      return analyzeExternalLog(job.text, job.format, job.options) as ReportResults[J['kind']];
  }
}
