import { z } from 'zod';
import { categoryIdSchema } from './question-set.js';

/** Request and response bodies of the public API. Response schemas are allowlists: a field not named here never leaves the server. */

/** The largest id a table holds: PostgreSQL's integer, so a larger one is refused as input rather than failing a query. */
export const MAX_ROW_ID = 2_147_483_647;
/** A row id in a body; `rowIdParamSchema` is the same in a path or query string. */
export const rowIdSchema = z.number().int().positive().max(MAX_ROW_ID);
export const rowIdParamSchema = z.coerce.number().int().positive().max(MAX_ROW_ID);

export const choiceSchema = z.enum(['A', 'B', 'tie']);
export type Choice = z.infer<typeof choiceSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), reason: z.string(), line: z.number().int().optional() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthSchema = z.object({ ok: z.literal(true) });

export const progressSchema = z.object({
  voted: z.number().int(),
  overlapVoted: z.number().int(),
  overlapTotal: z.number().int(),
  remaining: z.number().int(),
});
export type Progress = z.infer<typeof progressSchema>;

const answerSchema = z.object({ turns: z.array(z.string()) });

export const assignmentSchema = z.object({
  status: z.literal('assigned'),
  assignmentId: z.string(),
  question: z.object({
    id: z.string(),
    category: categoryIdSchema,
    categoryName: z.string(),
    rubric: z.string().nullable(),
    language: z.string(),
    turns: z.array(z.string()),
  }),
  answers: z.object({ A: answerSchema, B: answerSchema }),
  progress: progressSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const finishedSchema = z.object({ status: z.literal('finished'), progress: progressSchema });

/** No campaign is running: the organizer paused it, or it is over. */
/** `invite_only`: the only running campaigns serve raters who joined through an invite link, and this one did not. */
export const closedSchema = z.object({
  status: z.literal('closed'),
  reason: z.enum(['paused', 'finished', 'invite_only']),
  progress: progressSchema,
});

export const nextResponseSchema = z.discriminatedUnion('status', [assignmentSchema, finishedSchema, closedSchema]);
export type NextResponse = z.infer<typeof nextResponseSchema>;

export const castVoteRequestSchema = z.strictObject({
  assignmentId: z.string().min(1).max(64),
  choice: choiceSchema,
});
export type CastVoteRequest = z.infer<typeof castVoteRequestSchema>;

const ratingChangeSchema = z.object({ model: z.string(), before: z.number(), after: z.number() });

export const voteResultSchema = z.object({
  voteId: z.number().int(),
  choice: choiceSchema,
  reveal: z.object({ A: z.string(), B: z.string() }),
  ratings: z.object({ A: ratingChangeSchema, B: ratingChangeSchema }),
});
export type VoteResult = z.infer<typeof voteResultSchema>;

export const leaderboardQuerySchema = z.strictObject({ category: categoryIdSchema.optional() });

export const leaderboardRowSchema = z.object({
  model: z.string(),
  rating: z.number(),
  votes: z.number().int(),
  wins: z.number().int(),
  ties: z.number().int(),
  losses: z.number().int(),
});
export type LeaderboardRow = z.infer<typeof leaderboardRowSchema>;

export const leaderboardSchema = z.object({
  category: categoryIdSchema.nullable(),
  totalVotes: z.number().int(),
  models: z.array(leaderboardRowSchema),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

/** GET /api/categories: what a leaderboard can be asked for, with each category's questions in the active sets. */
export const categoriesResponseSchema = z.object({
  categories: z.array(z.object({ id: categoryIdSchema, name: z.string(), questions: z.number().int() })),
});
export type CategoriesResponse = z.infer<typeof categoriesResponseSchema>;

export const meSchema = z.object({
  pseudonym: z.string(),
  displayName: z.string().nullable(),
  progress: progressSchema,
});
export type Me = z.infer<typeof meSchema>;

export const updateMeRequestSchema = z.strictObject({
  displayName: z
    .string()
    .trim()
    .max(60)
    // Control, invisible and direction-changing characters (and unpaired surrogates) could spoof names in raters' lists.
    .refine((name) => !/[\p{Cc}\p{Cf}\p{Cs}]/u.test(name), 'must not contain control, invisible or direction-changing characters')
    .transform((name) => (name === '' ? null : name))
    .nullable(),
});

/** Messages on the leaderboard WebSocket (`/api/live?category=…`): the whole board of the subscribed scope. */
export const liveMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('leaderboard'), board: leaderboardSchema })]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;

export const questionSetSummarySchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string(),
  version: z.number().int(),
  status: z.enum(['active', 'archived']),
  questions: z.number().int(),
  models: z.number().int(),
  /** The models' names, sorted: what a campaign may put in play. */
  modelNames: z.array(z.string()),
  cells: z.number().int(),
  overlapCells: z.number().int(),
  votes: z.number().int(),
  createdAt: z.string(),
});
export type QuestionSetSummary = z.infer<typeof questionSetSummarySchema>;

export const questionSetListSchema = z.object({ sets: z.array(questionSetSummarySchema) });

export const importResultSchema = z.object({
  created: z.boolean(),
  /** The content was an archived version's: that version is served again (a revert), though nothing was created. */
  servedAgain: z.boolean(),
  set: questionSetSummarySchema,
  /** Running campaigns on the versions this upload replaced: paused, since their items are now stale. */
  pausedCampaigns: z.number().int(),
});
export type ImportResponse = z.infer<typeof importResultSchema>;

export const questionSetPreviewSchema = z.object({
  slug: z.string(),
  name: z.string(),
  /** The version an import would create, or the existing version that already holds this content. */
  version: z.number().int(),
  alreadyImported: z.boolean(),
  /** Already imported as a version that is archived now: importing would serve it again in place of the current one. */
  archived: z.boolean(),
  models: z.array(z.string()),
  categories: z.array(z.object({ id: z.string(), questions: z.number().int() })),
  questions: z.number().int(),
  cells: z.number().int(),
  multiTurnQuestions: z.number().int(),
  sample: z.array(z.object({ id: z.string(), category: z.string(), turns: z.array(z.string()) })),
});
export type QuestionSetPreview = z.infer<typeof questionSetPreviewSchema>;

export const managedRaterSchema = z.object({
  pseudonym: z.string(),
  displayName: z.string().nullable(),
  votes: z.number().int(),
  createdAt: z.string(),
  excluded: z.boolean(),
  excludedAt: z.string().nullable(),
  excludedReason: z.string().nullable(),
});
export type ManagedRater = z.infer<typeof managedRaterSchema>;

/** Which raters the organizer's list shows, and which page of them, in pseudonym order. */
export const managedRaterListQuerySchema = z.strictObject({
  /** `with`: only raters with at least one vote (every visitor becomes a rater); `all`: every rater. */
  votes: z.enum(['with', 'all']).default('with'),
  excluded: z.enum(['only', 'none', 'any']).default('any'),
  /** Part of a pseudonym or display name, any case, matched literally (`%` and `_` are no wildcards). */
  search: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The previous page's `nextAfter`: the raters after this pseudonym. */
  after: z.string().min(1).max(64).optional(),
});
export type ManagedRaterListQuery = z.infer<typeof managedRaterListQuerySchema>;

/** One page of raters; `total` counts every rater the filters match, `nextAfter` is null on the last page. */
export const managedRaterListSchema = z.object({
  raters: z.array(managedRaterSchema),
  total: z.number().int(),
  nextAfter: z.string().nullable(),
});
export type ManagedRaterList = z.infer<typeof managedRaterListSchema>;

export const raterVotesQuerySchema = z.strictObject({
  /** Votes after this vote id, for the next page. */
  after: z.coerce.number().int().min(0).max(MAX_ROW_ID).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const raterVoteSchema = z.object({
  voteId: z.number().int(),
  createdAt: z.string(),
  questionSet: z.string(),
  questionSetVersion: z.number().int(),
  questionId: z.string(),
  category: z.string(),
  modelA: z.string(),
  modelB: z.string(),
  choice: choiceSchema,
  overlap: z.boolean(),
  elapsedMs: z.number().int(),
});
export type RaterVote = z.infer<typeof raterVoteSchema>;

/** One page of a rater's votes in commit order; `nextAfter` is null on the last page. */
export const raterVotesSchema = z.object({
  rater: managedRaterSchema,
  votes: z.array(raterVoteSchema),
  nextAfter: z.number().int().nullable(),
});
export type RaterVotes = z.infer<typeof raterVotesSchema>;

export const exclusionRequestSchema = z.strictObject({
  excluded: z.boolean(),
  reason: z.string().trim().max(500).nullable().default(null),
});

export const exclusionResultSchema = z.object({ rater: managedRaterSchema, ratingsRebuilt: z.boolean() });

export const campaignStatusSchema = z.enum(['running', 'paused', 'finished']);

export const createCampaignRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** A set version's id, as GET /api/question-sets lists it. */
  setId: rowIdSchema,
  /** The models in play; all of the set's when left out. At least two, each named once. */
  models: z
    .array(z.string().min(1).max(128))
    .min(2)
    .max(200)
    .refine((names) => new Set(names).size === names.length, 'names a model more than once')
    .optional(),
  targetVotesPerCell: z.number().int().positive().max(1_000_000).optional(),
  raterQuota: z.number().int().positive().max(1_000_000).optional(),
  /**
   * Items (a random pair on each of that many random questions) served to every rater, for agreement; the vote
   * target does not stop them. 20, or one per question when the set has fewer, when left out.
   */
  overlapItems: z.number().int().min(0).max(100_000).optional(),
  /** Only raters who joined through one of the campaign's invite links are served. */
  inviteOnly: z.boolean().default(false),
});
export type CreateCampaignRequest = z.infer<typeof createCampaignRequestSchema>;

export const campaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  setId: z.number().int(),
  models: z.array(z.string()),
  targetVotesPerCell: z.number().int().nullable(),
  raterQuota: z.number().int().nullable(),
  overlapItems: z.number().int(),
  inviteOnly: z.boolean(),
  status: campaignStatusSchema,
  createdAt: z.string(),
  cells: z.number().int(),
  cellsAtTarget: z.number().int().nullable(),
  votes: z.number().int(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const createInviteRequestSchema = z.strictObject({
  /** 1 for a single-use link; null or left out for any number of raters. */
  maxUses: z.number().int().positive().max(1_000_000).nullable().default(null),
});

export const inviteSchema = z.object({ code: z.string(), link: z.string(), maxUses: z.number().int().nullable() });

export const acceptInviteRequestSchema = z.strictObject({ code: z.string().min(1).max(128) });
export const acceptInviteResponseSchema = z.object({ campaign: z.string() });
