import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromMtBench, type MtBenchFiles } from '../../shared/question-sets/mt-bench.js';
import { questionSetFileSchema } from '../../shared/schemas/question-set.js';

const folder = join(import.meta.dirname, '../fixtures/mt-bench-layout');
function fixture(): MtBenchFiles {
  const answers = new Map(
    readdirSync(join(folder, 'model_answer')).map((file) => [file, readFileSync(join(folder, 'model_answer', file), 'utf8')]),
  );
  return { questions: readFileSync(join(folder, 'question.jsonl'), 'utf8'), answers };
}

describe("FastChat's MT-Bench layout", () => {
  it('becomes a valid set: categories mapped or declared, answers matched by question id', () => {
    const result = fromMtBench(fixture(), { id: 'mt-bench-mini', name: 'MT-Bench (mini)' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const set = questionSetFileSchema.parse(result.value);
    expect(set.models.map((m) => m.name)).toEqual(['alpha-7b', 'Beta-13B']);
    expect(set.categories).toEqual([{ id: 'stem', name: 'STEM knowledge' }]);
    expect(set.questions.map((q) => [q.id, q.category, q.turns.length])).toEqual([
      ['81', 'writing', 2],
      ['121', 'programming', 2],
      ['131', 'stem', 2],
    ]);
    expect(set.questions[2]!.answers['Beta-13B']![0]).toContain('\\propto');
  });

  it('reports every problem with file, line and field', () => {
    const files = fixture();
    files.questions += '{"question_id": 81, "category": "poetry", "turns": ["x"]}\n{"question_id": 99 "category"}\n';
    files.answers.set('alpha-7b.jsonl', files.answers.get('alpha-7b.jsonl')!.replace('"question_id": 121', '"question_id": 122'));
    const result = fromMtBench(files, { id: 'x', name: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { file: 'question.jsonl', line: 4, field: 'question_id', reason: 'duplicate question id 81 (first on line 1)' },
      { file: 'question.jsonl', line: 4, field: 'category', reason: 'unknown MT-Bench category "poetry"' },
      { file: 'question.jsonl', line: 5, field: '(line)', reason: expect.stringMatching(/^not valid JSON/) },
      { file: 'model_answer/alpha-7b.jsonl', line: 2, field: 'question_id', reason: 'answer for question 122, which question.jsonl does not have' },
      { file: 'model_answer/alpha-7b.jsonl', field: 'question_id', reason: 'no answer to question 121' },
    ]);
  });
});
