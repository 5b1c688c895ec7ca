import { describe, expect, it } from 'vitest';
import {
  detectExternalLogFormat,
  MAX_REPORTED_ERRORS,
  parseExternalLog,
  toAgreementVotes,
  type ExternalVote,
} from '../../shared/research/external-log.js';

const base: ExternalVote = {
  modelA: 'x',
  modelB: 'y',
  outcome: 'A',
  judge: null,
  questionId: null,
  category: null,
  turn: null,
  tstamp: null,
  elapsedMs: null,
  excluded: false,
};

describe('detectExternalLogFormat', () => {
  it('trusts .csv, .jsonl and .ndjson names', () => {
    expect(detectExternalLogFormat('[1]', 'votes.CSV')).toBe('csv');
    expect(detectExternalLogFormat('model_a', 'votes.jsonl')).toBe('jsonl');
    expect(detectExternalLogFormat('model_a', 'votes.ndjson')).toBe('jsonl');
  });

  it('otherwise reads the first non-blank character: [ array, { lines, else CSV', () => {
    expect(detectExternalLogFormat('\ufeff\n  [{"model_a": "x"}]', 'battles.json')).toBe('json');
    expect(detectExternalLogFormat('\n{"model_a": "x"}\n', 'votes.json')).toBe('jsonl');
    expect(detectExternalLogFormat('model_a,model_b,winner\n')).toBe('csv');
    expect(detectExternalLogFormat('"model_a",model_b,winner\n', null)).toBe('csv');
  });
});

describe('parseExternalLog: CSV', () => {
  it('reads quoted fields, doubled quotes, CRLF, any column order, extra columns and optional fields', () => {
    const text =
      'judge,winner,model_b,model_a,extra,question_id,category,turn,tstamp\r\n' +
      'ann,model_a,"y, the ""big"" one",x,?,81,writing,2,1682351591.5\r\n' +
      'bob,tie,y,x,,,,,\r\n';
    expect(parseExternalLog(text)).toEqual({
      votes: [
        {
          modelA: 'x',
          modelB: 'y, the "big" one',
          outcome: 'A',
          judge: 'ann',
          questionId: '81',
          category: 'writing',
          turn: 2,
          tstamp: 1682351591.5,
          elapsedMs: null,
          excluded: false,
        },
        { ...base, outcome: 'tie', judge: 'bob' },
      ],
      errors: [],
      errorCount: 0,
    });
  });

  it('accepts left/right and Chatbot Arena’s "tie (bothbad)", in any case', () => {
    const text = 'model_a,model_b,winner\nx,y,left\nx,y,RIGHT\nx,y,tie (bothbad)\nx,y,Model_B\n';
    expect(parseExternalLog(text).votes.map((v) => v.outcome)).toEqual(['A', 'B', 'tie', 'B']);
  });

  it('names a missing header column on the header line and reads no row', () => {
    expect(parseExternalLog('\nmodel_a,winner\nx,model_a\n')).toEqual({
      votes: [],
      errors: [{ line: 2, field: 'model_b', reason: 'the header has no model_b column' }],
      errorCount: 1,
    });
  });

  it('stops at a quote that is never closed, naming its line', () => {
    expect(parseExternalLog('model_a,model_b,winner\nx,y,tie\n"x,y,tie\nx,y,tie\n')).toEqual({
      votes: [],
      errors: [{ line: 3, field: 'csv', reason: 'a quoted field is never closed' }],
      errorCount: 1,
    });
  });

  it('reports each bad row with its line and keeps the good ones', () => {
    const text = [
      'model_a,model_b,winner,turn,question_id',
      'x,y,model_a,1,q1',
      'x,y,both,1,q1',
      'x,x,tie,1,q1',
      ' ,y,tie,1,q1',
      'x,y,tie,zero,q1',
      'x,y,tie',
    ].join('\r\n');
    const log = parseExternalLog(text);
    expect(log.votes).toEqual([{ ...base, turn: 1, questionId: 'q1' }]);
    expect(log.errors).toEqual([
      { line: 3, field: 'winner', reason: expect.stringContaining('unknown value "both"') },
      { line: 4, field: 'model_b', reason: 'is the same model as model_a (x)' },
      { line: 5, field: 'model_a', reason: 'is empty' },
      { line: 6, field: 'turn', reason: 'must be a whole number from 1' },
      { line: 7, field: 'row', reason: 'has 3 fields, the header has 5' },
    ]);
    expect(log.errorCount).toBe(5);
  });

  it('lists the first 100 problems and counts them all', () => {
    const text = ['model_a,model_b,winner', ...Array.from({ length: 150 }, () => 'x,y,nobody')].join('\n');
    const log = parseExternalLog(text);
    expect(log.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(log.errors[99]!.line).toBe(101);
    expect(log.errorCount).toBe(150);
  });

  it('says so when the file is empty', () => {
    expect(parseExternalLog('', 'csv').errors).toEqual([{ line: 1, field: 'csv', reason: 'the file is empty' }]);
  });
});

describe('parseExternalLog: JSON Lines', () => {
  it('reads one object per line, skipping blank lines but counting them', () => {
    const text = [
      '{"model_a":"x","model_b":"y","winner":"model_b","question_id":81,"turn":1}', // 1
      '', // 2
      '  ', // 3
      '{"model_a":"x",', // 4: cut off
      '{"model_a":"x","model_b":"y","winner":"tie","judge":"j"}\r', // 5: CRLF
      '[1]', // 6
      '',
    ].join('\n');
    const log = parseExternalLog(text);
    expect(log.votes).toEqual([
      { ...base, outcome: 'B', questionId: '81', turn: 1 },
      { ...base, outcome: 'tie', judge: 'j' },
    ]);
    expect(log.errors).toEqual([
      { line: 4, field: 'json', reason: expect.stringMatching(/^invalid JSON: /) },
      { line: 6, field: 'json', reason: 'expected an object' },
    ]);
  });

  it('reports a missing required field and a field of the wrong type', () => {
    const log = parseExternalLog('{"model_b":"y","winner":"tie","tstamp":"soon","judge":{"id":1}}', 'jsonl');
    expect(log.errors).toEqual([
      { line: 1, field: 'model_a', reason: 'missing' },
      { line: 1, field: 'judge', reason: 'must be text or a number' },
      { line: 1, field: 'tstamp', reason: 'must be a number (seconds since 1970)' },
    ]);
  });
});

describe('parseExternalLog: JSON array (Chatbot Arena battles, the arena’s export)', () => {
  it('reads battles and ignores the fields it does not know', () => {
    const text = JSON.stringify([
      {
        model_a: 'x',
        model_b: 'y',
        winner: 'tie (bothbad)',
        judge: 'arena_user_1',
        tstamp: 1682351591.13,
        question_id: 'ab12',
        anony: true,
      },
    ]);
    expect(parseExternalLog(text)).toEqual({
      votes: [{ ...base, outcome: 'tie', judge: 'arena_user_1', tstamp: 1682351591.13, questionId: 'ab12' }],
      errors: [],
      errorCount: 0,
    });
  });

  it('names the line of the bad field in a pretty-printed file', () => {
    const text = JSON.stringify(
      [
        { model_a: 'x', model_b: 'y', winner: 'model_a' },
        { model_a: 'x', model_b: 'y', winner: 'nobody' },
        'not a vote',
      ],
      null,
      2,
    );
    // Lines: 1 "[", 2–6 first object, 7 "{", 8 model_a, 9 model_b, 10 winner, 11 "}", 12 the string.
    const log = parseExternalLog(text);
    expect(log.votes).toHaveLength(1);
    expect(log.errors).toEqual([
      { line: 10, field: 'winner', reason: expect.stringContaining('"nobody"') },
      { line: 12, field: 'json', reason: 'expected an object' },
    ]);
  });

  it('names the line of a syntax error and refuses a top-level object', () => {
    expect(parseExternalLog('[\n{"model_a": "x"},\n{"model_a": }\n]', 'json').errors).toEqual([
      { line: 3, field: 'json', reason: expect.stringMatching(/^invalid JSON: /) },
    ]);
    expect(parseExternalLog('{"votes": []}', 'json').errors).toEqual([
      { line: 1, field: 'json', reason: 'expected an array of votes' },
    ]);
  });
});

describe('toAgreementVotes', () => {
  it('makes items of question and turn (1 when absent) and skips votes without judge or question', () => {
    const votes: ExternalVote[] = [
      { ...base, judge: 'ann', questionId: '81', turn: 2 },
      { ...base, judge: 'bob', questionId: '81' },
      { ...base, judge: null, questionId: '81' },
      { ...base, judge: 'ann', questionId: null },
    ];
    expect(toAgreementVotes(votes)).toEqual([
      { rater: 'ann', item: '81#2', modelA: 'x', modelB: 'y', outcome: 'A' },
      { rater: 'bob', item: '81#1', modelA: 'x', modelB: 'y', outcome: 'A' },
    ]);
  });
});

describe('parseExternalLog: error cap in a JSON array', () => {
  it('lists 100 problems with their lines and counts the rest', () => {
    const text = JSON.stringify(Array.from({ length: 130 }, () => ({ model_a: 'x', model_b: 'x', winner: 'tie' })), null, 1);
    // Each element takes 5 lines ("{", three fields, "}") after the "[" on line 1: element i's model_b is on 5i + 4.
    const log = parseExternalLog(text);
    expect(log.errorCount).toBe(130);
    expect(log.errors).toHaveLength(100);
    expect(log.errors[0]).toEqual({ line: 4, field: 'model_b', reason: 'is the same model as model_a (x)' });
    expect(log.errors[99]!.line).toBe(5 * 99 + 4);
  });
});
