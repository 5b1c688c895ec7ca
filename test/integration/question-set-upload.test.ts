import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dumpDb, ADMIN_TOKEN, RESEARCH_TOKEN, startTestApp, TINY_SET, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ defaultQuestionSetPath: null });
});
afterEach(async () => {
  await t.close();
});

const tinyText = () => readFileSync(TINY_SET, 'utf8');
const organizer = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const upload = (payload: string, headers: Record<string, string> = organizer) =>
  t.app.inject({ method: 'POST', url: '/api/question-sets', headers, payload });

describe('POST /api/question-sets', () => {
  it('imports a set (201), then treats the same content as a no-op (200)', async () => {
    const first = await upload(tinyText());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      created: true,
      set: { slug: 'tiny', version: 1, status: 'active', questions: 4, models: 3, cells: 12, overlapCells: 2, votes: 0 },
    });
    const before = dumpDb(t.app);
    const again = await upload(JSON.stringify(JSON.parse(tinyText())));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, set: { version: 1 } });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('reports every problem with its field and line, and writes nothing', async () => {
    const broken = tinyText()
      .replace('"category": "writing"', '"category": "astrology"')
      .replace('"model-z": ["5"]', '"model-w": ["5"]');
    const before = dumpDb(t.app);
    // tiny.json: line 16 holds question 0's answers, line 20 question 1's category.
    const response = await upload(broken);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('INVALID_QUESTION_SET');
    expect(error.details).toEqual([
      { field: 'questions.0.answers', reason: 'no answer from model "model-z"', line: 16 },
      { field: 'questions.0.answers.model-w', reason: 'answer from undeclared model "model-w"', line: 16 },
      {
        field: 'questions.1.category',
        reason: 'unknown category "astrology": use a default category or declare it in "categories"',
        line: 20,
      },
    ]);
    expect(dumpDb(t.app)).toBe(before);
  });

  it('names the line where a JSON syntax error is noticed', async () => {
    // The comma missing at the end of line 19 is noticed at the next key, on line 20.
    const response = await upload(tinyText().replace('"id": "q2",', '"id": "q2"'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_JSON', details: [{ field: '(file)', line: 20 }] });
  });

  it('refuses a file over the upload limit with 413', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) });
    const response = await upload(huge);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('is for organizers only: no token 401, the researcher token 403', async () => {
    expect((await upload(tinyText(), { 'content-type': 'application/json' })).statusCode).toBe(401);
    const researcher = await upload(tinyText(), { authorization: `Bearer ${RESEARCH_TOKEN}`, 'content-type': 'application/json' });
    expect(researcher.statusCode).toBe(403);
    expect(dumpDb(t.app)).not.toContain('"tiny"');
  });
});

describe('GET /api/question-sets and the JSON Schema', () => {
  it('lists every version with counts for researchers', async () => {
    await upload(tinyText());
    const changed = JSON.parse(tinyText());
    changed.questions.pop();
    await upload(JSON.stringify(changed));
    const response = await t.app.inject({ method: 'GET', url: '/api/question-sets', headers: { authorization: `Bearer ${RESEARCH_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json().sets.map((s: { version: number; status: string; questions: number }) => [s.version, s.status, s.questions])).toEqual([
      [2, 'active', 3],
      [1, 'archived', 4],
    ]);
    expect(response.json().sets[0]).toMatchObject({ models: 3, modelNames: ['model-x', 'model-y', 'model-z'] });
  });

  it('publishes the file format as JSON Schema', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/schema/question-set.json' });
    expect(response.statusCode).toBe(200);
    const schema = response.json();
    expect(schema.properties.format.const).toBe('arena-question-set/1');
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'id', 'name', 'models', 'questions']));
  });
});

describe('zipped uploads', () => {
  const layout = join(import.meta.dirname, '../fixtures/mt-bench-layout');
  const mtBenchZip = (extra: Record<string, Uint8Array> = {}) =>
    zipSync({
      'mt_bench/question.jsonl': readFileSync(join(layout, 'question.jsonl')),
      'mt_bench/model_answer/alpha-7b.jsonl': readFileSync(join(layout, 'model_answer/alpha-7b.jsonl')),
      'mt_bench/model_answer/Beta-13B.jsonl': readFileSync(join(layout, 'model_answer/Beta-13B.jsonl')),
      ...extra,
    });
  const zipHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/zip' };
  const uploadZip = (zip: Uint8Array, query = '') =>
    t.app.inject({ method: 'POST', url: `/api/question-sets${query}`, headers: zipHeaders, payload: Buffer.from(zip) });

  it('reads the MT-Bench layout from a .zip', async () => {
    const response = await uploadZip(mtBenchZip(), '?id=mt-mini&name=MT%20mini');
    expect(response.statusCode).toBe(201);
    expect(response.json().set).toMatchObject({ slug: 'mt-mini', name: 'MT mini', questions: 3, models: 2, cells: 3 });
  });

  it('names the file and line of a problem inside the .zip and writes nothing', async () => {
    const broken = new TextEncoder().encode('{"question_id": 81, "choices": []}\n');
    const before = dumpDb(t.app);
    const response = await uploadZip(mtBenchZip({ 'mt_bench/model_answer/gamma.jsonl': broken }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual({
      field: 'model_answer/gamma.jsonl: choices.0.turns',
      reason: 'expected a list of strings',
      line: 1,
    });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('names the answer file and record of a problem the schema finds after conversion', async () => {
    const answers = readFileSync(join(layout, 'model_answer/alpha-7b.jsonl'), 'utf8').split('\n');
    answers[1] = answers[1]!.replace('"Use a process pool."', '"   "');
    const before = dumpDb(t.app);
    const response = await uploadZip(mtBenchZip({ 'mt_bench/model_answer/alpha-7b.jsonl': new TextEncoder().encode(answers.join('\n')) }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'model_answer/alpha-7b.jsonl: choices.0.turns', reason: expect.stringContaining('questions.1.answers.alpha-7b.1'), line: 2 },
    ]);
    expect(dumpDb(t.app)).toBe(before);
  });

  it('refuses a zip bomb before inflating it', async () => {
    const bomb = zipSync({ 'question.jsonl': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const response = await uploadZip(bomb);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('UPLOAD_TOO_LARGE');
  });

  it('refuses a .zip with two sets, or answer files in a folder below model_answer/, and writes nothing', async () => {
    const before = dumpDb(t.app);
    const twoSets = mtBenchZip({
      'other/question.jsonl': readFileSync(join(layout, 'question.jsonl')),
      'other/model_answer/alpha-7b.jsonl': readFileSync(join(layout, 'model_answer/alpha-7b.jsonl')),
    });
    const refusedTwo = await uploadZip(twoSets);
    expect(refusedTwo.statusCode).toBe(400);
    expect(refusedTwo.json().error).toMatchObject({ code: 'UNKNOWN_LAYOUT', message: expect.stringContaining('upload one at a time') });
    const nested = await uploadZip(mtBenchZip({ 'mt_bench/model_answer/old/alpha-7b.jsonl': readFileSync(join(layout, 'model_answer/alpha-7b.jsonl')) }));
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details).toEqual([{ field: 'mt_bench/model_answer/old/alpha-7b.jsonl', reason: 'in a folder below model_answer/' }]);
    expect(dumpDb(t.app)).toBe(before);
  });

  it('names a zipped spreadsheet "spreadsheet" when no id is given, and reads a JSON set that starts with a byte-order mark', async () => {
    const csv = 'question_id,category,prompt,model,answer\nq1,math,1+1?,x,2\nq1,math,1+1?,y,3\n';
    const zipped = await uploadZip(zipSync({ 'sheet.csv': new TextEncoder().encode(csv) }));
    expect(zipped.statusCode).toBe(201);
    expect(zipped.json().set).toMatchObject({ slug: 'spreadsheet', name: 'Spreadsheet upload' });
    const withBom = await upload(`\uFEFF${tinyText()}`);
    expect(withBom.statusCode).toBe(201);
  });

  it('refuses a .zip whose declared sizes were made smaller than its content, and writes nothing', async () => {
    const csv = 'question_id,category,prompt,model,answer\nq1,math,1+1?,x,2\nq1,math,1+1?,y,3\nq2,math,2+2?,x,4\nq2,math,2+2?,y,5\n';
    const zip = zipSync({ 'sheet.csv': new TextEncoder().encode(csv) });
    // Both the local header (offset 22) and the central directory's entry (offset 24) say the file ends before q2.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const central = zip.findLastIndex((_, i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50);
    const cut = csv.indexOf('q2');
    view.setUint32(22, cut, true);
    view.setUint32(central + 24, cut, true);
    const before = dumpDb(t.app);
    const response = await uploadZip(zip);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_ZIP', details: [{ field: 'sheet.csv', reason: 'content does not match its declared size and CRC-32' }] });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('refuses bytes that are not a zip', async () => {
    const response = await uploadZip(new TextEncoder().encode('not a zip at all'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_ZIP');
  });
});

describe('CSV uploads', () => {
  const csvHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' };
  const uploadCsv = (csv: string | Buffer, query = '?id=sheet&name=Sheet') =>
    t.app.inject({ method: 'POST', url: `/api/question-sets${query}`, headers: csvHeaders, payload: csv });

  it('imports the flat spreadsheet format', async () => {
    const csv = 'question_id,category,prompt,model,answer\nq1,math,2+2?,x,4\nq1,math,2+2?,y,five\n';
    const response = await uploadCsv(csv);
    expect(response.statusCode).toBe(201);
    expect(response.json().set).toMatchObject({ slug: 'sheet', questions: 1, models: 2, cells: 1 });
  });

  it('names the line of a bad row and writes nothing; refuses bytes that are not UTF-8', async () => {
    const before = dumpDb(t.app);
    const bad = await uploadCsv('question_id,category,prompt,model,answer\nq1,math,2+2?,x,4\nq1,math\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ field: 'questions.csv: (row)', reason: 'has 2 fields, the header has 5', line: 3 }]);
    const unknownAndEmpty = await uploadCsv(
      'question_id,category,prompt,model,answer\nq1,math,2+2?,x,4\nq1,math,2+2?,y,five\nq2,astrology,Stars?,x,yes\nq2,astrology,Stars?,y,"  "\n',
    );
    expect(unknownAndEmpty.statusCode).toBe(400);
    expect(unknownAndEmpty.json().error.details).toEqual([
      { field: 'questions.csv: category', reason: expect.stringContaining('unknown category "astrology"'), line: 4 },
      { field: 'questions.csv: answer', reason: expect.stringContaining('questions.1.answers.y.0'), line: 5 },
    ]);
    const latin1 = await uploadCsv(Buffer.from([0x71, 0x2c, 0xe9, 0x0a]));
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error.code).toBe('NOT_UTF8');
    expect(dumpDb(t.app)).toBe(before);
  });

  it('says "at least" when it lists only the first 100 of more problems', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `q${i},math`);
    const response = await uploadCsv(`question_id,category,prompt,model,answer\n${rows.join('\n')}\n`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('the CSV has at least 100 problems (the first 100 are listed)');
    expect(response.json().error.details).toHaveLength(100);
  });
});

describe('POST /api/question-sets/preview', () => {
  it('describes what an import would do and writes nothing', async () => {
    const before = dumpDb(t.app);
    const response = await t.app.inject({ method: 'POST', url: '/api/question-sets/preview', headers: organizer, payload: tinyText() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      slug: 'tiny',
      version: 1,
      alreadyImported: false,
      models: ['model-x', 'model-y', 'model-z'],
      questions: 4,
      cells: 12,
      multiTurnQuestions: 0,
    });
    expect(response.json().categories).toContainEqual({ id: 'math', questions: 1 });
    expect(dumpDb(t.app)).toBe(before);
    await upload(tinyText());
    const again = await t.app.inject({ method: 'POST', url: '/api/question-sets/preview', headers: organizer, payload: tinyText() });
    expect(again.json()).toMatchObject({ version: 1, alreadyImported: true });
  });

  it('lists the problems of a broken file, with lines', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/question-sets/preview',
      headers: organizer,
      payload: tinyText().replace('"category": "writing"', '"category": "astrology"'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'questions.1.category', reason: expect.stringContaining('unknown category "astrology"'), line: 20 },
    ]);
  });
});
