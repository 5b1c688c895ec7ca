import type { Generated, Insertable, Selectable } from 'kysely';

/** The one source of column types. Booleans are 0/1 integers, timestamps ISO-8601 text: the same on SQLite and PostgreSQL. */
export interface Database {
  question_sets: QuestionSetTable;
  models: ModelTable;
  questions: QuestionTable;
  answers: AnswerTable;
  cells: CellTable;
  raters: RaterTable;
  assignments: AssignmentTable;
  rater_set_tallies: RaterSetTallyTable;
  votes: VoteTable;
  ratings: RatingTable;
  settings: SettingTable;
  sessions: SessionTable;
  campaigns: CampaignTable;
  invites: InviteTable;
  campaign_members: CampaignMemberTable;
  campaign_overlap_cells: CampaignOverlapCellTable;
}

/** The cells a campaign serves to every rater, for agreement; chosen when the campaign is created. */
export interface CampaignOverlapCellTable {
  campaign_id: number;
  cell_id: number;
}

export interface InviteTable {
  code_hash: string;
  campaign_id: number;
  /** null: any number of raters may join with it. */
  max_uses: number | null;
  uses: Generated<number>;
  created_at: string;
}

export interface CampaignMemberTable {
  campaign_id: number;
  rater_id: number;
  joined_at: string;
}

export interface CampaignTable {
  id: Generated<number>;
  name: string;
  set_id: number;
  /** JSON array of model ids in play; null: every model of the set. */
  model_ids_json: string | null;
  target_votes_per_cell: number | null;
  rater_quota: number | null;
  status: 'running' | 'paused' | 'finished';
  created_at: string;
  /** 1: only raters who joined through an invite link are served. */
  invite_only: Generated<number>;
  /** How many overlap items the campaign serves to every rater; campaign_overlap_cells holds them. */
  overlap_items: Generated<number>;
}

export interface SessionTable {
  id_hash: string;
  role: 'organizer' | 'researcher';
  /** SHA-256 of the SHA-256 of the token the session was traded for; null for sessions from before. */
  token_hash: string | null;
  created_at: string;
  expires_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface QuestionSetTable {
  id: Generated<number>;
  slug: string;
  version: number;
  name: string;
  description: string | null;
  categories_json: string;
  /** The models as this version was uploaded with them, descriptions included; null for versions from before. */
  models_json: string | null;
  content_hash: string;
  status: 'active' | 'archived';
  created_at: string;
}

export interface ModelTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  created_at: string;
}

export interface QuestionTable {
  id: Generated<number>;
  set_id: number;
  external_id: string;
  position: number;
  category: string;
  language: string;
  turns_json: string;
}

export interface AnswerTable {
  id: Generated<number>;
  question_id: number;
  model_id: number;
  turns_json: string;
}

export interface CellTable {
  id: Generated<number>;
  set_id: number;
  question_id: number;
  model_low_id: number;
  model_high_id: number;
  is_overlap: number;
  vote_count: Generated<number>;
  /** Assignments served on this cell, voted or not: the scheduler's order. */
  served_count: Generated<number>;
  shuffle_key: number;
}

export interface RaterTable {
  id: Generated<number>;
  token_hash: string;
  pseudonym: string;
  display_name: string | null;
  created_at: string;
  /** Set while an organizer excludes the rater's votes from results. */
  excluded_at: Generated<string | null>;
  excluded_reason: Generated<string | null>;
}

export interface AssignmentTable {
  id: string;
  rater_id: number;
  cell_id: number;
  /** The cell's set and question, copied when served (migration 008), so a rater's history reads from one index. */
  set_id: number;
  question_id: number;
  model_a_id: number;
  model_b_id: number;
  is_overlap: number;
  served_at: string;
  voted_at: string | null;
}

/** A rater's items on one set, counted as they are served and voted (migration 010). */
export interface RaterSetTallyTable {
  rater_id: number;
  set_id: number;
  served: number;
  voted: number;
  /** Votes on overlap items. */
  overlap_voted: number;
}

export interface VoteTable {
  id: Generated<number>;
  assignment_id: string;
  rater_id: number;
  set_id: number;
  question_id: number;
  cell_id: number;
  category: string;
  model_a_id: number;
  model_b_id: number;
  choice: 'A' | 'B' | 'tie';
  is_overlap: number;
  elapsed_ms: number;
  rating_a_before: number;
  rating_b_before: number;
  rating_a_after: number;
  rating_b_after: number;
  created_at: string;
}

export interface RatingTable {
  scope: string;
  model_id: number;
  rating: number;
  votes: number;
  wins: number;
  ties: number;
  losses: number;
}

export type VoteRow = Selectable<VoteTable>;
export type NewVote = Insertable<VoteTable>;
export type RatingRow = Selectable<RatingTable>;

/** The ratings scope of the overall leaderboard; category scopes use the category id. */
export const OVERALL_SCOPE = '*';
