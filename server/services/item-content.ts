import type { Kysely } from 'kysely';
import { DEFAULT_CATEGORY_NAMES, DEFAULT_RUBRICS, isDefaultCategory } from '../../shared/categories.js';
import type { Assignment } from '../../shared/schemas/api.js';
import type { CategoryDeclaration } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { PerDatabaseCache } from '../db/per-database-cache.js';
import type { ServedItem } from '../repositories/assignments.js';
import { findAnswerTurnsJson, findQuestionContent, type QuestionContent } from '../repositories/item-content.js';

type ShownQuestion = Assignment['question'];
type ShownAnswer = Assignment['answers']['A'];

// Questions and answers never change once imported, so each is read and parsed once, not on every item served.
// Bounded by count and by characters (an answer may be long: uploads go up to ARENA_UPLOAD_LIMIT_MB, and every set
// version ever served stays cached until pushed out); the oldest go first.
const characters = (content: { turns: readonly string[] }) => content.turns.reduce((sum, turn) => sum + turn.length, 0);
const questions = new PerDatabaseCache<number, ShownQuestion>({ maxEntries: 10_000, maxWeight: 8_000_000, weigh: characters });
const answers = new PerDatabaseCache<string, ShownAnswer>({ maxEntries: 40_000, maxWeight: 32_000_000, weigh: characters });

/** What the rater page shows of a served item, and nothing that names a model. */
export async function describeItem(db: Kysely<Database>, item: ServedItem): Promise<Omit<Assignment, 'progress'>> {
  const question = await questions.get(db, item.questionId, async () => {
    const row = await findQuestionContent(db, item.questionId);
    return row && Object.freeze(shownQuestion(row));
  });
  const answerOf = (modelId: number) =>
    answers.get(db, `${item.questionId}:${modelId}`, async () => {
      const turnsJson = await findAnswerTurnsJson(db, item.questionId, modelId);
      return turnsJson === undefined ? undefined : Object.freeze({ turns: Object.freeze(JSON.parse(turnsJson) as string[]) as string[] });
    });
  const a = await answerOf(item.modelAId);
  const b = await answerOf(item.modelBId);
  if (!question || !a || !b) throw new Error(`assignment ${item.assignmentId} has no content`);
  return { status: 'assigned', assignmentId: item.assignmentId, question, answers: { A: a, B: b } };
}

function shownQuestion(row: QuestionContent): ShownQuestion {
  const declared = (JSON.parse(row.categoriesJson) as CategoryDeclaration[]).find((c) => c.id === row.category);
  const defaultCategory = isDefaultCategory(row.category) ? row.category : null;
  return {
    id: row.externalId,
    category: row.category,
    categoryName: declared?.name ?? (defaultCategory ? DEFAULT_CATEGORY_NAMES[defaultCategory] : row.category),
    rubric: declared?.rubric ?? (defaultCategory ? (DEFAULT_RUBRICS[defaultCategory] ?? null) : null),
    language: row.language,
    turns: Object.freeze(JSON.parse(row.turnsJson) as string[]) as string[],
  };
}
