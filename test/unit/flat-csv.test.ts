import { describe, expect, it } from 'vitest';
import { fromFlatCsv } from '../../shared/question-sets/flat-csv.js';
import { questionSetFileSchema } from '../../shared/schemas/question-set.js';

const meta = { id: 'sheet', name: 'From a spreadsheet' };

describe('the flat CSV question-set format', () => {
  it('groups rows into questions with every model’s answer, turns in order', () => {
    const text = [
      'question_id,category,prompt,model,answer,turn',
      'q1,math,"What is 2+2?",x,4,1',
      'q1,math,"What is 2+2?",y,"Four, of course.",1',
      'q2,writing,Write a line.,x,"A line,\nwith a break.",1',
      'q2,writing,Write a line.,y,Okay.,1',
      'q2,writing,Now shorter.,y,Ok.,2',
      'q2,writing,Now shorter.,x,Line.,2',
    ].join('\n');
    const result = fromFlatCsv(text, meta);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const set = questionSetFileSchema.parse(result.value);
    expect(set.models.map((m) => m.name)).toEqual(['x', 'y']);
    expect(set.questions).toEqual([
      { id: 'q1', category: 'math', language: 'en', turns: ['What is 2+2?'], answers: { x: ['4'], y: ['Four, of course.'] } },
      {
        id: 'q2',
        category: 'writing',
        language: 'en',
        turns: ['Write a line.', 'Now shorter.'],
        answers: { x: ['A line,\nwith a break.', 'Line.'], y: ['Okay.', 'Ok.'] },
      },
    ]);
  });

  it('names the line and field of every problem', () => {
    const text = ['question_id,category,prompt,model,answer', 'q1,math,P,x,a', 'q1,math,Q,y,b', 'q1,math,P,x,c', ',math,P,z,d', 'q2,math,P'].join('\n');
    const result = fromFlatCsv(text, meta);
    expect(result).toEqual({
      ok: false,
      problems: [
        { file: 'questions.csv', line: 3, field: 'prompt', reason: "differs from an earlier row's prompt for question q1, turn 1" },
        { file: 'questions.csv', line: 4, field: 'model', reason: 'a second answer of "x" to question q1, turn 1' },
        { file: 'questions.csv', line: 5, field: 'question_id', reason: 'must not be empty' },
        { file: 'questions.csv', line: 6, field: '(row)', reason: 'has 3 fields, the header has 5' },
      ],
    });
  });

  it('refuses a turn gap and a question whose rows disagree on the language', () => {
    const text = [
      'question_id,category,prompt,model,answer,turn,language',
      'q1,math,p1,x,a,1,en',
      'q1,math,p1,y,b,1,de',
      'q1,math,p3,x,c,3,en',
      'q1,math,p3,y,d,3,en',
    ].join('\n');
    const result = fromFlatCsv(text, meta);
    expect(result.ok ? [] : result.problems).toEqual([
      { file: 'questions.csv', line: 3, field: 'language', reason: 'question q1 has language "en" on line 2' },
      { file: 'questions.csv', line: 4, field: 'turn', reason: 'question q1 has turn 3 but no turn 2' },
    ]);
  });

  it("points a problem in a later turn's answer at that turn's row", () => {
    const text = ['question_id,category,prompt,model,answer,turn', 'q1,math,p1,a,x,1', 'q1,math,p1,b,y,1', 'q1,math,p2,a,z,2', 'q1,math,p2,b, ,2'].join('\n');
    const result = fromFlatCsv(text, meta);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const issue = questionSetFileSchema.safeParse(result.value).error!.issues[0]!;
    expect(issue.path).toEqual(['questions', 0, 'answers', 'b', 1]);
    expect(result.locate(issue.path)).toEqual({ file: 'questions.csv', line: 5, field: 'answer' });
  });

  it('names missing columns', () => {
    expect(fromFlatCsv('question_id,prompt\n', meta)).toEqual({
      ok: false,
      problems: [{ file: 'questions.csv', line: 1, field: '(header)', reason: 'missing column(s): category, model, answer' }],
    });
  });
});
