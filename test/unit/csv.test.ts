import { describe, expect, it } from 'vitest';
import { csvObjects, parseCsv } from '../../shared/csv.js';

describe('parseCsv', () => {
  it('reads plain and quoted fields, doubled quotes and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
    ]);
  });

  it('skips a byte-order mark and blank lines, and reads a last line without a newline', () => {
    expect(parseCsv('\ufeffa,b\n\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('names the line of an unterminated quote and of text after a closing quote', () => {
    expect(() => parseCsv('a\n"open\nstill')).toThrow('line 2: a quoted field is never closed');
    expect(() => parseCsv('a\n"x"y,1')).toThrow('line 2: text after a closing quote');
  });
});

describe('csvObjects', () => {
  it('keys records by the header and lists missing required columns', () => {
    const { header, missing, rows } = csvObjects(' model_a ,winner\nx,tie\n', ['model_a', 'model_b', 'winner']);
    expect(header).toEqual(['model_a', 'winner']);
    expect(missing).toEqual(['model_b']);
    expect(rows).toEqual([{ line: 2, width: 2, values: { model_a: 'x', winner: 'tie' } }]);
  });
});
