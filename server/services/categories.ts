import type { Kysely } from 'kysely';
import { categoriesInOrder } from '../../shared/progress/categories.js';
import type { CategoryDeclaration } from '../../shared/schemas/question-set.js';
import type { CategoriesResponse } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import { activeQuestionCounts, declaredCategoryLists, ratedCategories } from '../repositories/categories.js';

/**
 * The categories a leaderboard or report can be asked for: those of the active sets, with their questions, and those
 * with votes from a set no longer served (0 questions). Named as their newest set declared them, else by default.
 */
export async function listCategories(db: Kysely<Database>): Promise<CategoriesResponse> {
  const [counts, rated, declaredLists] = await Promise.all([activeQuestionCounts(db), ratedCategories(db), declaredCategoryLists(db)]);
  const declared = declaredLists.flatMap((json) => JSON.parse(json) as CategoryDeclaration[]);
  const questions = new Map(counts.map((c) => [c.category, c.questions]));
  return {
    categories: categoriesInOrder([...questions.keys(), ...rated], declared).map(({ category, name }) => ({
      id: category,
      name,
      questions: questions.get(category) ?? 0,
    })),
  };
}
