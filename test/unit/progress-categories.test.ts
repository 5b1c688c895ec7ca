import { describe, expect, it } from 'vitest';
import { categoriesInOrder } from '../../shared/progress/categories.js';

describe('categoriesInOrder', () => {
  it('puts default categories in the study order, then declared ones as declared, then the rest by code unit', () => {
    const declared = [
      { id: 'poetry', name: 'Poetry' },
      { id: 'astrology', name: 'Astrology' },
    ];
    expect(categoriesInOrder(['zz', 'astrology', 'math', 'poetry', 'daily_qa', 'aa', 'math'], declared)).toEqual([
      { category: 'daily_qa', name: 'Daily Q&A' },
      { category: 'math', name: 'Math' },
      { category: 'poetry', name: 'Poetry' },
      { category: 'astrology', name: 'Astrology' },
      { category: 'aa', name: 'aa' },
      { category: 'zz', name: 'zz' },
    ]);
  });

  it('names a default category as the set declares it, if it does', () => {
    expect(categoriesInOrder(['math'], [{ id: 'math', name: 'Arithmetic' }])).toEqual([{ category: 'math', name: 'Arithmetic' }]);
  });
});
