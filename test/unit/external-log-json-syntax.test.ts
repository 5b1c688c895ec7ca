import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorOffset, lineOfOffset } from '../../shared/json-syntax.js';

describe('jsonSyntaxErrorOffset', () => {
  it('points at the first character JSON does not allow', () => {
    expect(jsonSyntaxErrorOffset('[1,]')).toBe(3);
    expect(jsonSyntaxErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonSyntaxErrorOffset('"abc')).toBe(4);
    expect(jsonSyntaxErrorOffset('[1] x')).toBe(4);
    expect(jsonSyntaxErrorOffset('01')).toBe(1);
    expect(jsonSyntaxErrorOffset('["\\x"]')).toBe(3);
    expect(jsonSyntaxErrorOffset('')).toBe(0);
  });

  it('agrees with JSON.parse on what is valid (property)', () => {
    const texts = [
      '{"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]}',
      ' [ ] ',
      '{}',
      '{"a":}',
      '[1 2]',
      '[tru]',
      '{"a":1,}',
      '-',
      '1.',
      '"tab\there"',
      '[[[]]]',
      '{"k": {"k": ["v", {"x": 0}]}}',
    ];
    for (const text of texts) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonSyntaxErrorOffset(text) === -1, text).toBe(valid);
    }
  });
});

describe('lineOfOffset', () => {
  it('counts line feeds before the offset', () => {
    expect(lineOfOffset('a\nb\r\nc', 0)).toBe(1);
    expect(lineOfOffset('a\nb\r\nc', 2)).toBe(2);
    expect(lineOfOffset('a\nb\r\nc', 5)).toBe(3);
  });
});
