import { describe, expect, it } from 'vitest';
import { SHORTCUT_HINTS, shortcutFor } from '../../client/src/lib/shortcuts.js';

const SCROLL_KEYS = ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'PageDown', 'PageUp', 'Home', 'End', ' '];

describe('shortcutFor', () => {
  it('votes A, tie or B with 1, 2 (or T) and 3 before the vote', () => {
    expect(shortcutFor('1', 'vote')).toBe('A');
    expect(shortcutFor('2', 'vote')).toBe('tie');
    expect(shortcutFor('t', 'vote')).toBe('tie');
    expect(shortcutFor('T', 'vote')).toBe('tie');
    expect(shortcutFor('3', 'vote')).toBe('B');
  });

  it('casts no vote with a key that scrolls the page or a wide code block', () => {
    for (const key of SCROLL_KEYS) expect(shortcutFor(key, 'vote'), key).toBeNull();
  });

  it('goes to the next item with Enter or N after the vote, and votes no more', () => {
    expect(shortcutFor('Enter', 'next')).toBe('next');
    expect(shortcutFor('n', 'next')).toBe('next');
    expect(shortcutFor('N', 'next')).toBe('next');
    expect(shortcutFor('1', 'next')).toBeNull();
    expect(shortcutFor('Enter', 'vote')).toBeNull();
  });
});

describe('SHORTCUT_HINTS', () => {
  it('announces exactly the keys that act, and no scrolling key', () => {
    for (const [action, keys] of Object.entries(SHORTCUT_HINTS)) {
      for (const key of keys) expect(shortcutFor(key, action === 'next' ? 'next' : 'vote'), key).toBe(action);
      for (const key of SCROLL_KEYS) expect(keys, action).not.toContain(key);
    }
  });
});
