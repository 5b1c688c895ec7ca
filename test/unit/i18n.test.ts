import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../shared/categories.js';
import { en, zhHans } from '../../client/src/i18n/messages.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the interface texts', () => {
  it('exist in English and Simplified Chinese under the same keys', () => {
    expect(Object.keys(zhHans).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(zhHans[key as keyof typeof zhHans]), key).toEqual(placeholders(text));
    }
  });

  it('translate every text that is not a proper name or a symbol', () => {
    const untranslated = Object.entries(en)
      .filter(([key, text]) => zhHans[key as keyof typeof zhHans] === text && /[a-z]{3}/.test(text))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('name all nine default categories', () => {
    const keys = Object.keys(en).join('\n');
    for (const category of DEFAULT_CATEGORIES) expect(keys).toContain(category);
  });
});
