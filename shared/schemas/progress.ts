import { z } from 'zod';
import { raterFlagSchema } from './research.js';

const nullableNumber = z.number().nullable();

/** `GET /api/progress` and `/api/progress/live`: one campaign, or every active set when left out. */
export const progressQuerySchema = z.strictObject({ campaign: z.coerce.number().int().positive().optional() });
export type ProgressQuery = z.infer<typeof progressQuerySchema>;

/** Votes and coverage of a group of cells (a category, a model pair, or all). */
export const coverageSchema = z.object({
  votes: z.number().int(),
  cells: z.number().int(),
  /** Cells with at least `target.votesPerCell` votes. */
  cellsAtTarget: z.number().int(),
  /** Votes still needed to bring every cell of the group to the target. */
  votesToTarget: z.number().int(),
});
export type Coverage = z.infer<typeof coverageSchema>;

export const raterProgressRowSchema = z.object({
  pseudonym: z.string(),
  displayName: z.string().nullable(),
  votes: z.number().int(),
  overlapVoted: z.number().int(),
  lastVoteAt: z.string().nullable(),
  /** Voted within `activeRaters.windowMinutes`. */
  active: z.boolean(),
  excluded: z.boolean(),
  /** The research diagnostics once the rater has votes to compute them on; null before. */
  diagnostics: z
    .object({
      tieRate: nullableNumber,
      leftRate: nullableNumber,
      positionBiasP: nullableNumber,
      medianMs: nullableNumber,
      consensusAgreement: nullableNumber,
      consensusItems: z.number().int(),
      flags: z.array(raterFlagSchema),
    })
    .nullable(),
});
export type RaterProgressRow = z.infer<typeof raterProgressRowSchema>;

export const progressSnapshotSchema = z.object({
  generatedAt: z.string(),
  scope: z.object({
    campaign: z.object({ id: z.number().int(), name: z.string(), status: z.enum(['running', 'paused', 'finished']) }).nullable(),
    sets: z.array(z.object({ id: z.number().int(), name: z.string(), version: z.number().int() })),
  }),
  /** The campaign's target per (question, model pair) cell; 1 (every cell voted once) when it sets none. */
  target: z.object({ votesPerCell: z.number().int().positive(), fromCampaign: z.boolean() }),
  totals: coverageSchema,
  categories: z.array(coverageSchema.extend({ category: z.string(), name: z.string() })),
  /** The models in play, in the order the coverage matrix uses. */
  models: z.array(z.string()),
  /** One entry per unordered model pair (modelA before modelB in `models`): the coverage matrix. */
  pairs: z.array(coverageSchema.extend({ modelA: z.string(), modelB: z.string() })),
  activeRaters: z.object({ windowMinutes: z.number().int(), count: z.number().int() }),
  overlap: z.object({
    items: z.number().int(),
    /** Overlap items with votes from at least two raters: the ones agreement is measured on. */
    itemsWithTwoVotes: z.number().int(),
    votes: z.number().int(),
    /** Raters who voted on every overlap item. */
    ratersCompleted: z.number().int(),
    /** Tie-discounted agreement over all rater pairs on overlap items; null before any item has two votes. */
    agreement: z.object({ value: nullableNumber, pairs: z.number().int() }),
  }),
  pace: z.object({
    windowMinutes: z.number().int(),
    votesInWindow: z.number().int(),
    votesPerHour: z.number(),
    /** When the target is reached at the current pace; null when already reached or nothing was voted recently. */
    etaAt: z.string().nullable(),
    reached: z.boolean(),
  }),
  raters: z.array(raterProgressRowSchema),
});
export type ProgressSnapshot = z.infer<typeof progressSnapshotSchema>;

export const progressLiveMessageSchema = z.object({ type: z.literal('progress'), progress: progressSnapshotSchema });
export type ProgressLiveMessage = z.infer<typeof progressLiveMessageSchema>;
