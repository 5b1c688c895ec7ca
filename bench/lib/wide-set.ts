import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QuestionSetFile } from '../../shared/schemas/question-set.js';
import { root } from './servers.js';

/**
 * The default set with `models` models instead of its five, written to `dir` for ARENA_QUESTIONS: model i answers
 * every question with the answer of the default set's model i mod 5, so items weigh the same and only the number of
 * model pairs changes (16 models, as in the survey's evaluation: 120 pairs instead of 10).
 */
export function writeDefaultSetWithModels(dir: string, models: number): string {
  const set = JSON.parse(readFileSync(join(root, 'questions/default.json'), 'utf8')) as QuestionSetFile;
  const original = set.models.map((model) => model.name);
  const names = Array.from({ length: models }, (_, i) => `model-${String(i + 1).padStart(2, '0')}`);
  const wide: QuestionSetFile = {
    ...set,
    id: `${set.id}-${models}-models`,
    models: names.map((name) => ({ name })),
    questions: set.questions.map((question) => ({
      ...question,
      answers: Object.fromEntries(names.map((name, i) => [name, question.answers[original[i % original.length]!]!])),
    })),
  };
  const path = join(dir, `default-${models}-models.json`);
  writeFileSync(path, JSON.stringify(wide));
  return path;
}
