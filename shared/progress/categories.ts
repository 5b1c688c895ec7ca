import { DEFAULT_CATEGORIES, DEFAULT_CATEGORY_NAMES, isDefaultCategory } from '../categories.js';

/**
 * The categories present, each with its display name (the set's declaration, else the default English name, else the
 * id), in the study's order for the default categories, then in declaration order, then by code unit.
 */
export function categoriesInOrder(
  present: Iterable<string>,
  declared: readonly { id: string; name: string }[],
): { category: string; name: string }[] {
  const rank = (id: string) => {
    const study = (DEFAULT_CATEGORIES as readonly string[]).indexOf(id);
    if (study >= 0) return study;
    const declaredAt = declared.findIndex((d) => d.id === id);
    return declaredAt >= 0 ? DEFAULT_CATEGORIES.length + declaredAt : Number.MAX_SAFE_INTEGER;
  };
  return [...new Set(present)]
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((category) => ({
      category,
      name: declared.find((d) => d.id === category)?.name ?? (isDefaultCategory(category) ? DEFAULT_CATEGORY_NAMES[category] : category),
    }));
}
