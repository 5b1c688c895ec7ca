import type { Kysely } from 'kysely';
import { OVERALL_SCOPE, type Database } from '../db/database.js';

/** Questions per category across the active set versions. */
export async function activeQuestionCounts(db: Kysely<Database>): Promise<{ category: string; questions: number }[]> {
  const rows = await db
    .selectFrom('questions as q')
    .innerJoin('question_sets as s', 's.id', 'q.set_id')
    .select(['q.category', (eb) => eb.fn.countAll<string>().as('questions')])
    .where('s.status', '=', 'active')
    .groupBy('q.category')
    .execute();
  return rows.map((row) => ({ category: row.category, questions: Number(row.questions) }));
}

/** Every category that has a leaderboard of its own, whether or not a set still serves it. */
export async function ratedCategories(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('ratings').select('scope').distinct().where('scope', '!=', OVERALL_SCOPE).execute();
  return rows.map((row) => row.scope);
}

/** The categories every set version declared, the active ones first, newest first within each. */
export async function declaredCategoryLists(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('question_sets')
    .select('categories_json')
    .orderBy((eb) => eb.case().when('status', '=', 'active').then(0).else(1).end())
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => row.categories_json);
}
