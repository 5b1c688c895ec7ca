import { describe, expect, it } from 'vitest';
import { unpack, withOneMore, type PackedCounts } from '../../shared/agreement/outcome-counts.js';

describe('packed outcome counts', () => {
  it('count each outcome exactly, packed while small and as an object past 1023', () => {
    let own: PackedCounts = 0;
    for (let i = 0; i < 1500; i++) own = withOneMore(own, 'tie');
    for (let i = 0; i < 7; i++) own = withOneMore(own, 'A');
    for (let i = 0; i < 1024; i++) own = withOneMore(own, 'B');
    expect(unpack(own)).toEqual({ A: 7, B: 1024, tie: 1500 });
  });

  it('stay one small integer for the usual few votes, and never change the value they were given', () => {
    const once = withOneMore(0, 'B');
    const twice = withOneMore(once, 'tie');
    expect(typeof twice).toBe('number');
    expect(unpack(once)).toEqual({ A: 0, B: 1, tie: 0 });
    expect(unpack(twice)).toEqual({ A: 0, B: 1, tie: 1 });
    const big = { A: 2000, B: 0, tie: 0 };
    expect(unpack(withOneMore(big, 'A'))).toEqual({ A: 2001, B: 0, tie: 0 });
    expect(big.A).toBe(2000);
  });
});
