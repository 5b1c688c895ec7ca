import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../shared/categories.js';
import { questionSetFileSchema } from '../../shared/schemas/question-set.js';

const set = questionSetFileSchema.parse(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../questions/default.json'), 'utf8')),
);
const modelNames = set.models.map((m) => m.name);

describe('the default question set', () => {
  it('has six questions in each of the nine categories', () => {
    expect(set.questions.length).toBeGreaterThanOrEqual(54);
    for (const category of DEFAULT_CATEGORIES) {
      expect(set.questions.filter((q) => q.category === category), category).toHaveLength(6);
    }
  });

  it('is answered by at least four demo models on every question', () => {
    expect(modelNames.length).toBeGreaterThanOrEqual(4);
    for (const name of modelNames) expect(name).toMatch(/^demo-/);
    for (const q of set.questions) expect(Object.keys(q.answers).sort()).toEqual([...modelNames].sort());
  });

  it('has questions in Simplified Chinese', () => {
    const chinese = set.questions.filter((q) => q.language === 'zh-Hans');
    expect(chinese.length).toBeGreaterThanOrEqual(9);
    for (const q of chinese) expect(q.turns[0]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('never names a model inside a question or an answer', () => {
    for (const q of set.questions) {
      const text = [...q.turns, ...Object.values(q.answers).flat()].join('\n').toLowerCase();
      for (const name of modelNames) expect(text, q.id).not.toContain(name);
    }
  });

  it('uses code blocks for programming and LaTeX for math, physics and chemistry', () => {
    const careful = (category: string) => set.questions.filter((q) => q.category === category).map((q) => q.answers['demo-careful']!.join('\n'));
    for (const answer of careful('programming')) expect(answer).toMatch(/```[a-z]+\n/);
    for (const category of ['math', 'physics', 'chemistry']) {
      expect(careful(category).filter((answer) => /\$[^$]+\$/.test(answer)).length, category).toBeGreaterThanOrEqual(5);
    }
  });
});
