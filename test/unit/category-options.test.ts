import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../shared/categories.js';
import { categoryOptions } from '../../client/src/lib/category-options.js';

const ids = (options: readonly { id: string }[]) => options.map((option) => option.id);

describe('categoryOptions', () => {
  it('offers the nine default categories in the study’s order when the server reports nothing else', () => {
    expect(ids(categoryOptions([]))).toEqual([...DEFAULT_CATEGORIES]);
  });

  it('adds the categories a set declares after the default ones, ordered by id, with the names the server gave', () => {
    const options = categoryOptions([
      { id: 'stem', name: 'STEM' },
      { id: 'roleplay', name: 'Roleplay' },
      { id: 'writing', name: 'Writing' },
      { id: 'extraction', name: 'Extraction' },
      { id: 'humanities', name: 'Humanities' },
    ]);
    expect(ids(options)).toEqual([...DEFAULT_CATEGORIES, 'extraction', 'humanities', 'roleplay', 'stem']);
    expect(options.slice(DEFAULT_CATEGORIES.length)).toEqual([
      { id: 'extraction', name: 'Extraction' },
      { id: 'humanities', name: 'Humanities' },
      { id: 'roleplay', name: 'Roleplay' },
      { id: 'stem', name: 'STEM' },
    ]);
  });

  it('offers a category reported by several sets once, keeping the first name given, and a default one only in its place', () => {
    const options = categoryOptions([
      { id: 'math' },
      { id: 'coding' },
      { id: 'coding', name: 'Coding' },
      { id: 'coding', name: 'Programming tasks' },
      { id: 'math', name: 'Mathematics' },
    ]);
    expect(ids(options)).toEqual([...DEFAULT_CATEGORIES, 'coding']);
    expect(options.at(-1)).toEqual({ id: 'coding', name: 'Coding' });
    expect(options.find((option) => option.id === 'math')).toEqual({ id: 'math' });
  });
});
