import { z } from 'zod';

/** Response bodies of the research routes (researcher role). Shared by the server and the researcher page. */

const nullableNumber = z.number().nullable();

export const ratingsQuerySchema = z.strictObject({
  category: z.string().max(40).optional(),
  set: z.string().max(64).optional(),
  k: z.coerce.number().positive().max(1000).default(16),
  initial: z.coerce.number().min(0).max(100_000).default(1000),
  rounds: z.coerce.number().int().min(0).max(10_000).default(1000),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(1),
  anchor: z.string().max(64).optional(),
});

export const ratingsReportSchema = z.object({
  category: z.string().nullable(),
  votes: z.number().int(),
  elo: z.object({
    k: z.number(),
    initial: z.number(),
    models: z.array(
      z.object({ model: z.string(), rating: z.number(), votes: z.number().int(), wins: z.number().int(), ties: z.number().int(), losses: z.number().int() }),
    ),
  }),
  bradleyTerry: z.object({
    rounds: z.number().int(),
    seed: z.number().int(),
    anchor: z.string().nullable(),
    models: z.array(
      z.object({ model: z.string(), rating: z.number(), lower: nullableNumber, upper: nullableNumber, rank: z.number().int(), votes: z.number().int() }),
    ),
  }),
  prediction: z.object({
    online: z.object({ logLoss: nullableNumber, brier: nullableNumber }),
    final: z.object({ logLoss: nullableNumber, brier: nullableNumber }),
  }),
});
export type RatingsReport = z.infer<typeof ratingsReportSchema>;

export const heatmapQuerySchema = z.strictObject({
  category: z.string().max(40).optional(),
  set: z.string().max(64).optional(),
  ties: z.enum(['half', 'exclude']).default('half'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const heatmapReportSchema = z.object({
  category: z.string().nullable(),
  ties: z.enum(['half', 'exclude']),
  /** Best first; rows and columns of every matrix follow this order. */
  models: z.array(z.object({ model: z.string(), rating: z.number() })),
  cells: z.array(
    z.object({
      row: z.string(),
      col: z.string(),
      battles: z.number().int(),
      ties: z.number().int(),
      observed: nullableNumber,
      predicted: z.number(),
      residual: nullableNumber,
    }),
  ),
});
export type HeatmapReport = z.infer<typeof heatmapReportSchema>;

const agreementSummarySchema = z.object({
  value: nullableNumber,
  pairs: z.number().int(),
  items: z.number().int(),
  lower: nullableNumber,
  upper: nullableNumber,
});
export type AgreementSummary = z.infer<typeof agreementSummarySchema>;

export const consistencyReportSchema = z.object({
  /** Tie-discounted agreement of raters who vote uniformly at random: 5/9. */
  randomBaseline: z.number(),
  overall: agreementSummarySchema,
  overlap: agreementSummarySchema,
  byCategory: z.array(agreementSummarySchema.extend({ category: z.string() })),
  byRater: z.array(z.object({ rater: z.string(), value: nullableNumber, pairs: z.number().int() })),
  s1: z.object({ value: nullableNumber, pairs: z.number().int() }),
  s2: z.object({ value: nullableNumber, pairs: z.number().int() }),
  alpha: z.object({ value: nullableNumber, method: z.literal('krippendorff-ordinal') }),
});
export type ConsistencyReport = z.infer<typeof consistencyReportSchema>;

export const raterFlagSchema = z.object({ code: z.enum(['too_fast', 'position_bias', 'always_tie', 'against_consensus']), reason: z.string() });

export const raterReportSchema = z.object({
  raters: z.array(
    z.object({
      rater: z.string(),
      displayName: z.string().nullable(),
      votes: z.number().int(),
      tieRate: nullableNumber,
      /** Share of decided votes (not ties) for the answer shown on the left (A). */
      leftRate: nullableNumber,
      positionBiasP: nullableNumber,
      medianMs: nullableNumber,
      consensusAgreement: nullableNumber,
      consensusItems: z.number().int(),
      flags: z.array(raterFlagSchema),
    }),
  ),
});
export type RaterReport = z.infer<typeof raterReportSchema>;

export const analysisReportSchema = z.object({
  /** `votes` analyzed; `excludedVotes` left out because the log marks their rater excluded (`rater_excluded`). */
  source: z.object({ format: z.enum(['csv', 'jsonl', 'arena']), votes: z.number().int(), excludedVotes: z.number().int() }),
  ratings: ratingsReportSchema,
  heatmap: heatmapReportSchema,
  consistency: consistencyReportSchema,
  raters: raterReportSchema,
});
export type AnalysisReport = z.infer<typeof analysisReportSchema>;
