import { describe, expect, it } from 'vitest';
import { formatRate, formatTime } from '../../client/src/lib/format.js';

describe('formatRate', () => {
  it('keeps one decimal for small rates, where it tells 0.5 votes an hour from none', () => {
    expect(formatRate(0)).toBe('0.0');
    expect(formatRate(0.46)).toBe('0.5');
    expect(formatRate(12.34)).toBe('12.3');
  });

  it('rounds to whole numbers from 100 up', () => {
    expect(formatRate(99.94)).toBe('99.9');
    expect(formatRate(100)).toBe('100');
    expect(formatRate(1234.5)).toBe('1235');
  });
});

describe('formatTime', () => {
  it('shows an instant as a local time of day with seconds', () => {
    const iso = '2026-11-24T15:04:05.000Z';
    const expected = new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(new Date(iso));
    expect(formatTime(iso, 'en')).toBe(expected);
    expect(formatTime(iso, 'en')).toMatch(/:05/);
  });

  it('gives back text that is not an instant as it is', () => {
    expect(formatTime('soon', 'en')).toBe('soon');
  });
});
