import type { Choice } from '../../../shared/schemas/api.js';

export type ShortcutAction = Choice | 'next';

/**
 * Which keys do what on the rater page; before the vote only the three choices, after it only "next". No arrow keys:
 * they scroll the page and wide code blocks, and a vote cannot be taken back.
 */
const VOTE_KEYS: Record<string, Choice> = {
  '1': 'A',
  '2': 'tie',
  t: 'tie',
  T: 'tie',
  '3': 'B',
};
const NEXT_KEYS = new Set(['Enter', 'n', 'N']);

export const SHORTCUT_HINTS: Record<ShortcutAction, string[]> = {
  A: ['1'],
  tie: ['2', 't'],
  B: ['3'],
  next: ['Enter', 'n'],
};

export function shortcutFor(key: string, phase: 'vote' | 'next'): ShortcutAction | null {
  if (phase === 'vote') return VOTE_KEYS[key] ?? null;
  return NEXT_KEYS.has(key) ? 'next' : null;
}

/** Keys typed into a field, or Enter/Space on a focused control, belong to that element, not to our shortcuts. */
export function keyBelongsToTarget(event: KeyboardEvent): boolean {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('input, textarea, select') !== null) return true;
  return (event.key === 'Enter' || event.key === ' ') && target.closest('button, a[href], summary') !== null;
}
