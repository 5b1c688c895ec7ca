import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { prepare, type Param } from '../db/prepared-query.js';

// What the rater page shows of an item, and nothing that names a model: a question and two answers, which never
// change once their set is imported (a new version of a set is a new set).

const questionQuery = prepare((db, param: Param<{ questionId: number }>) =>
  db
    .selectFrom('questions as q')
    .innerJoin('question_sets as s', 's.id', 'q.set_id')
    .select(['q.external_id as externalId', 'q.category', 'q.language', 'q.turns_json as turnsJson', 's.categories_json as categoriesJson'])
    .where('q.id', '=', param('questionId')),
);

export type QuestionContent = NonNullable<Awaited<ReturnType<typeof questionQuery.first>>>;

export async function findQuestionContent(db: Kysely<Database>, questionId: number): Promise<QuestionContent | undefined> {
  return questionQuery.first(db, { questionId });
}

const answerQuery = prepare((db, param: Param<{ questionId: number; modelId: number }>) =>
  db
    .selectFrom('answers')
    .select('turns_json as turnsJson')
    .where('question_id', '=', param('questionId'))
    .where('model_id', '=', param('modelId')),
);

/** One model's answer to a question, as the JSON array of its turns. */
export async function findAnswerTurnsJson(db: Kysely<Database>, questionId: number, modelId: number): Promise<string | undefined> {
  return (await answerQuery.first(db, { questionId, modelId }))?.turnsJson;
}
