import { describe, expect, it } from 'vitest';
import { pooledTokens } from '../../server/runtime.js';

/** A fill that writes a running 32-bit counter, so every word handed out can be traced to its place in the stream. */
function countingFill() {
  let next = 0;
  let fills = 0;
  return {
    fill(buffer: Buffer) {
      fills++;
      for (let at = 0; at < buffer.length; at += 4) buffer.writeUInt32BE(next++, at);
    },
    get fills() {
      return fills;
    },
  };
}

describe('pooled tokens', () => {
  it('hands out each random byte once, in order, refilling when a token would not fit', () => {
    const source = countingFill();
    const token = pooledTokens((buffer) => source.fill(buffer));
    const words: number[] = [];
    // 24-byte tokens between the 16-byte ones: the 4,096-byte pool does not end on a token boundary.
    for (let i = 0; i < 400; i++) {
      const bytes = Buffer.from(token(i % 3 === 0 ? 24 : 16), 'base64url');
      for (let at = 0; at < bytes.length; at += 4) words.push(bytes.readUInt32BE(at));
    }
    expect(source.fills).toBe(2);
    // Strictly increasing: no byte handed out twice; the pool's tail too short for a token is skipped, not reused.
    for (let i = 1; i < words.length; i++) expect(words[i]).toBeGreaterThan(words[i - 1]!);
    expect(words.length).toBe(400 * 4 + Math.ceil(400 / 3) * 2);
  });

  it('gives distinct tokens from the system CSPRNG and refuses sizes it cannot give', () => {
    const token = pooledTokens();
    const seen = new Set(Array.from({ length: 2000 }, () => token(16)));
    expect(seen.size).toBe(2000);
    expect(Buffer.from(token(32), 'base64url')).toHaveLength(32);
    expect(() => token(0)).toThrow(RangeError);
    expect(() => token(5000)).toThrow(RangeError);
  });
});
