import { describe, expect, it } from 'vitest';
import { jsonLinesOf } from '../../shared/json-lines.js';

const text = `{
  "name": "set",
  "questions": [
    { "id": "q1", "turns": ["a"] },
    {
      "id": "q\\"2",
      "turns": [
        "b",
        "c"
      ]
    }
  ],
  "empty": {}, "list": []
}`;

describe('jsonLinesOf', () => {
  it('finds the line of values by path', () => {
    expect(jsonLinesOf(text, [['name'], ['questions', 0, 'id'], ['questions', 1], ['questions', 1, 'turns', 1], ['list']])).toEqual([
      2, 4, 5, 9, 13,
    ]);
  });

  it('gives a missing key the line of its nearest ancestor, and the root line 1', () => {
    expect(jsonLinesOf(text, [['questions', 1, 'answers'], [], ['nope', 'deeper']])).toEqual([5, 1, 1]);
  });

  it('reads escaped keys and strings with braces inside', () => {
    const tricky = '{"a\\"b": "}{][", \n"c": [1, 2.5e3, true, null,\n {"d": "x"}]}';
    expect(jsonLinesOf(tricky, [['a"b'], ['c', 4, 'd'], ['c', 1]])).toEqual([1, 3, 2]);
  });
});
