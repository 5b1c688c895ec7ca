import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface VoteFilter {
  setSlug?: string | undefined;
  category?: string | undefined;
  /** A rater's pseudonym. */
  rater?: string | undefined;
  /** ISO-8601 instants, inclusive from, exclusive to. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface LoggedVoteRow {
  id: number;
  createdAt: string;
  rater: string;
  questionId: string;
  setSlug: string;
  setVersion: number;
  category: string;
  modelA: string;
  modelB: string;
  choice: 'A' | 'B' | 'tie';
  isOverlap: number;
  elapsedMs: number;
  /** Set when an organizer excluded the rater's votes from results; the votes stay in the log. */
  raterExcludedAt: string | null;
}

/** One page of the vote log in commit order, after `afterId`: exports page through the log without holding the connection. */
export async function votePage(
  db: Kysely<Database>,
  filter: VoteFilter,
  afterId: number,
  limit: number,
): Promise<LoggedVoteRow[]> {
  let query = db
    .selectFrom('votes as v')
    .innerJoin('raters as r', 'r.id', 'v.rater_id')
    .innerJoin('questions as q', 'q.id', 'v.question_id')
    .innerJoin('question_sets as s', 's.id', 'v.set_id')
    .innerJoin('models as ma', 'ma.id', 'v.model_a_id')
    .innerJoin('models as mb', 'mb.id', 'v.model_b_id')
    .select([
      'v.id as id',
      'v.created_at as createdAt',
      'r.pseudonym as rater',
      'q.external_id as questionId',
      's.slug as setSlug',
      's.version as setVersion',
      'v.category as category',
      'ma.name as modelA',
      'mb.name as modelB',
      'v.choice as choice',
      'v.is_overlap as isOverlap',
      'v.elapsed_ms as elapsedMs',
      'r.excluded_at as raterExcludedAt',
    ])
    .where('v.id', '>', afterId);
  if (filter.setSlug !== undefined) query = query.where('s.slug', '=', filter.setSlug);
  if (filter.category !== undefined) query = query.where('v.category', '=', filter.category);
  if (filter.rater !== undefined) query = query.where('r.pseudonym', '=', filter.rater);
  if (filter.from !== undefined) query = query.where('v.created_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('v.created_at', '<', filter.to);
  return query.orderBy('v.id').limit(limit).execute();
}

/** Display names by pseudonym, for the rater report. */
export async function raterDisplayNames(db: Kysely<Database>): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('raters').select(['pseudonym', 'display_name']).where('display_name', 'is not', null).execute();
  return new Map(rows.map((row) => [row.pseudonym, row.display_name]));
}
