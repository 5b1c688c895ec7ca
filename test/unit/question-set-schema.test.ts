import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionSetFileSchema } from '../../shared/schemas/question-set.js';

const tiny = () => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/question-sets/tiny.json'), 'utf8'));

function problems(input: unknown): string[] {
  const result = questionSetFileSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the question-set file format', () => {
  it('accepts the tiny fixture and fills in the default language', () => {
    const set = questionSetFileSchema.parse(tiny());
    expect(set.questions[0]?.language).toBe('en');
    expect(set.categories).toEqual([]);
  });

  it('names a missing answer by question and model', () => {
    const set = tiny();
    delete set.questions[1].answers['model-y'];
    expect(problems(set)).toEqual(['questions.1.answers: no answer from model "model-y"']);
  });

  it('names duplicate question ids, unknown categories and undeclared models', () => {
    const set = tiny();
    set.questions[2].id = 'q1';
    set.questions[3].category = 'astrology';
    set.questions[0].answers['model-w'] = ['hi'];
    expect(problems(set)).toEqual([
      'questions.0.answers.model-w: answer from undeclared model "model-w"',
      'questions.2.id: duplicate question id "q1"',
      'questions.3.category: unknown category "astrology": use a default category or declare it in "categories"',
    ]);
  });

  it('finds a missing answer from a model named like an Object.prototype member', () => {
    const set = tiny();
    set.models.push({ name: 'constructor' }, { name: 'toString' });
    for (const question of set.questions) Object.assign(question.answers, { constructor: ['a'], toString: ['b'] });
    expect(problems(set)).toEqual([]);
    delete set.questions[1].answers.constructor;
    delete set.questions[2].answers.toString;
    expect(problems(set)).toEqual(['questions.1.answers: no answer from model "constructor"', 'questions.2.answers: no answer from model "toString"']);
  });

  it('refuses a category declared twice, and more cells than a set may hold', () => {
    const set = tiny();
    set.categories = [{ id: 'astrology', name: 'Astrology' }, { id: 'astrology', name: 'Stars' }];
    expect(problems(set)).toEqual(['categories.1.id: category "astrology" is declared twice']);
    const big = tiny();
    big.models = Array.from({ length: 200 }, (_, i) => ({ name: `m${i}` }));
    const answers = Object.fromEntries(big.models.map((m: { name: string }) => [m.name, ['x']]));
    // 51 questions × 19,900 pairs = 1,014,900 cells.
    big.questions = Array.from({ length: 51 }, (_, q) => ({ id: `q${q}`, category: 'math', turns: ['?'], answers }));
    expect(problems(big)).toEqual(['questions: 51 questions × 19900 model pairs make 1014900 cells; a set holds at most 1000000']);
  });

  it('accepts a category the set declares', () => {
    const set = tiny();
    set.categories = [{ id: 'astrology', name: 'Astrology', rubric: 'Prefer the sceptical answer.' }];
    set.questions[3].category = 'astrology';
    expect(problems(set)).toEqual([]);
  });

  it('refuses empty text, a turn-count mismatch and unknown fields', () => {
    const set = tiny();
    set.questions[0].turns = ['   '];
    set.questions[1].answers['model-x'] = ['one', 'two'];
    set.questions[2].author = 'me';
    expect(problems(set)).toEqual([
      'questions.0.turns.0: must not be empty',
      'questions.2: Unrecognized key: "author"',
      'questions.1.answers.model-x: has 2 turns, the question has 1',
    ]);
  });
});
