import { describe, expect, it } from 'vitest';
import { InstantCounter, minutesBefore, paceOf } from '../../shared/progress/pace.js';
import { mulberry32 } from '../../shared/stats/random.js';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('paceOf', () => {
  it('extrapolates the last window: 3 votes in 15 minutes is 12 an hour, so 7 missing votes take 35 minutes', () => {
    expect(paceOf({ now, windowMinutes: 15, votesInWindow: 3, votesToTarget: 7 })).toEqual({
      windowMinutes: 15,
      votesInWindow: 3,
      votesPerHour: 12,
      etaAt: '2026-11-23T12:35:00.000Z',
      reached: false,
    });
  });

  it('has no eta once the target is reached, whatever the pace', () => {
    expect(paceOf({ now, windowMinutes: 15, votesInWindow: 40, votesToTarget: 0 })).toMatchObject({ reached: true, etaAt: null, votesPerHour: 160 });
  });

  it('has no eta when nothing was voted in the window', () => {
    expect(paceOf({ now, windowMinutes: 15, votesInWindow: 0, votesToTarget: 5 })).toEqual({
      windowMinutes: 15,
      votesInWindow: 0,
      votesPerHour: 0,
      etaAt: null,
      reached: false,
    });
  });

  it('puts the last missing vote an hour away at one vote an hour', () => {
    expect(paceOf({ now, windowMinutes: 60, votesInWindow: 1, votesToTarget: 1 }).etaAt).toBe('2026-11-23T13:00:00.000Z');
  });
});

describe('minutesBefore', () => {
  it('gives the window start in the stored ISO-8601 form', () => {
    expect(minutesBefore(now, 10)).toBe('2026-11-23T11:50:00.000Z');
    expect(minutesBefore(now, 15) < now.toISOString()).toBe(true);
  });
});

describe('InstantCounter', () => {
  it('counts the instants at or after a moment, added in any order and past its first capacity (property)', () => {
    const random = mulberry32(9);
    const counter = new InstantCounter();
    const added: number[] = [];
    for (let i = 0; i < 3000; i++) {
      // Mostly rising, as votes arrive, with some out of order and some repeated.
      const ms = Math.floor(i * 10 + (random() < 0.1 ? -random() * 500 : 0));
      counter.add(ms);
      added.push(ms);
      if (i % 97 === 0) {
        for (const since of [ms - 300, ms, ms + 1, -1, added[Math.floor(random() * added.length)]!]) {
          expect(counter.countSince(since)).toBe(added.filter((t) => t >= since).length);
        }
      }
    }
  });
});
