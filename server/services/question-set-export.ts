import { zipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { QUESTION_SET_FORMAT, type QuestionSetFile } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { loadSetForExport } from '../repositories/question-sets.js';
import { csvField } from './vote-export.js';

/** A stored set version in the project's own format: importing it again is a no-op (same content hash). */
export async function exportQuestionSet(db: Kysely<Database>, setId: number): Promise<QuestionSetFile> {
  const stored = await loadSetForExport(db, setId);
  if (!stored) throw notFound('SET_NOT_FOUND', `no question set with id ${setId}`, [{ field: 'id', reason: 'unknown set' }]);
  const { set, questions, answers } = stored;
  const models = new Map<string, string | null>();
  const byQuestion = new Map<number, Record<string, string[]>>();
  for (const answer of answers) {
    // A version from before models_json: the description shared by every set is the best there is.
    models.set(answer.model, answer.description);
    const entry = byQuestion.get(answer.question_id) ?? {};
    entry[answer.model] = JSON.parse(answer.turns_json) as string[];
    byQuestion.set(answer.question_id, entry);
  }
  const sortedModels = [...models.keys()].sort();
  return {
    format: QUESTION_SET_FORMAT,
    id: set.slug,
    name: set.name,
    ...(set.description === null ? {} : { description: set.description }),
    categories: JSON.parse(set.categories_json) as QuestionSetFile['categories'],
    models:
      set.models_json === null
        ? sortedModels.map((name) => {
            const description = models.get(name);
            return description === null || description === undefined ? { name } : { name, description };
          })
        : (JSON.parse(set.models_json) as QuestionSetFile['models']),
    questions: questions.map((q) => ({
      id: q.external_id,
      category: q.category,
      language: q.language,
      turns: JSON.parse(q.turns_json) as string[],
      answers: Object.fromEntries(sortedModels.map((model) => [model, byQuestion.get(q.id)?.[model] ?? []])),
    })),
  };
}

/** The flat spreadsheet format: one row per (question, model, turn). */
export function questionSetToCsv(set: QuestionSetFile): string {
  const rows = [['question_id', 'category', 'prompt', 'model', 'answer', 'turn', 'language']];
  for (const q of set.questions) {
    for (const [model, turns] of Object.entries(q.answers)) {
      turns.forEach((answer, t) => rows.push([q.id, q.category, q.turns[t] ?? '', model, answer, String(t + 1), q.language]));
    }
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** FastChat's MT-Bench layout, zipped: question.jsonl and model_answer/MODEL.jsonl. */
export function questionSetToMtBenchZip(set: QuestionSetFile): Uint8Array {
  const encode = (text: string) => new TextEncoder().encode(text);
  const questions = set.questions.map((q) => JSON.stringify({ question_id: q.id, category: q.category, turns: q.turns })).join('\n') + '\n';
  const files: Record<string, Uint8Array> = { 'question.jsonl': encode(questions) };
  for (const { name } of set.models) {
    const lines = set.questions.map((q) =>
      JSON.stringify({ question_id: q.id, model_id: name, choices: [{ index: 0, turns: q.answers[name] ?? [] }] }),
    );
    files[`model_answer/${name}.jsonl`] = encode(lines.join('\n') + '\n');
  }
  return zipSync(files);
}
