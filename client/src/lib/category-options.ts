import { DEFAULT_CATEGORIES, isDefaultCategory } from '../../../shared/categories.js';
import { getCategories } from './api.js';

/** A category a selector offers: its id, and the name the server gave it (shown for categories the client cannot translate). */
export interface CategoryOption {
  id: string;
  name?: string | undefined;
}

/**
 * The categories a leaderboard or research selector offers: the nine default ones always, in the study's order, then
 * every other category the server reports (a set may declare its own, e.g. MT-Bench's roleplay or stem), once each,
 * ordered by id. A reported name is kept for the others; default categories are named by the interface's language.
 */
export function categoryOptions(reported: readonly CategoryOption[]): CategoryOption[] {
  const others = new Map<string, string | undefined>();
  for (const { id, name } of reported) {
    if (isDefaultCategory(id)) continue;
    if (!others.has(id) || others.get(id) === undefined) others.set(id, name);
  }
  const otherIds = [...others.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...DEFAULT_CATEGORIES.map((id) => ({ id })), ...otherIds.map((id) => ({ id, name: others.get(id) }))];
}

/** The options for a selector, from the server; the default nine alone if it cannot be asked (a selector still works). */
export async function fetchCategoryOptions(): Promise<CategoryOption[]> {
  try {
    return categoryOptions((await getCategories()).categories);
  } catch {
    return categoryOptions([]);
  }
}
