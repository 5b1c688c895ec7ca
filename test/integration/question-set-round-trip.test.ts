import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash, parseQuestionSet } from '../../server/services/question-sets.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ defaultQuestionSetPath: null });
});
afterEach(async () => {
  await t.close();
});

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const defaultSetText = readFileSync(join(import.meta.dirname, '../../questions/default.json'), 'utf8');

async function importSet(payload: string | Buffer, contentType: string, query = '') {
  const response = await t.app.inject({ method: 'POST', url: `/api/question-sets${query}`, headers: { ...organizer, 'content-type': contentType }, payload });
  expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(300);
  return response.json() as { created: boolean; set: { id: number; slug: string; version: number } };
}

const exportSet = (id: number, format: string) =>
  t.app.inject({ method: 'GET', url: `/api/question-sets/${id}/export?format=${format}`, headers: organizer });

/** What every format keeps: the questions with their category, language, turns and every model's answers. */
const questionsOf = (set: ReturnType<typeof parseQuestionSet>) =>
  set.questions.map((q) => ({ ...q, answers: Object.fromEntries(Object.entries(q.answers).sort(([a], [b]) => (a < b ? -1 : 1))) }));

describe('question sets round-trip through every format', () => {
  it('our JSON: the export has the same content hash, and importing it again changes nothing', async () => {
    const imported = await importSet(defaultSetText, 'application/json');
    const exported = await exportSet(imported.set.id, 'json');
    expect(exported.statusCode).toBe(200);
    expect(contentHash(parseQuestionSet(exported.json()))).toBe(contentHash(parseQuestionSet(JSON.parse(defaultSetText))));
    const again = await importSet(exported.body, 'application/json');
    expect(again).toMatchObject({ created: false, set: { version: 1 } });
  });

  it('our JSON: a set describing a model unlike an earlier set exports its own descriptions, so importing it again changes nothing', async () => {
    const first = JSON.parse(defaultSetText) as { id: string; models: { name: string; description?: string }[] };
    await importSet(JSON.stringify(first), 'application/json');
    // Another set with the same model names: one described differently, one not described at all.
    const other = { ...first, id: 'other', models: first.models.map((m, i) => (i === 0 ? { name: m.name, description: 'described anew' } : { name: m.name })) };
    const imported = await importSet(JSON.stringify(other), 'application/json');
    const exported = await exportSet(imported.set.id, 'json');
    expect(exported.json().models).toEqual(other.models);
    expect(await importSet(exported.body, 'application/json')).toMatchObject({ created: false, set: { id: imported.set.id } });
  });

  it('flat CSV: the questions and answers come back the same', async () => {
    const imported = await importSet(defaultSetText, 'application/json');
    const csv = await exportSet(imported.set.id, 'csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const reimported = await importSet(csv.body, 'text/csv', '?id=from-csv&name=From%20CSV');
    const back = await exportSet(reimported.set.id, 'json');
    expect(questionsOf(parseQuestionSet(back.json()))).toEqual(questionsOf(parseQuestionSet(JSON.parse(defaultSetText))));
  });

  it('MT-Bench layout: the questions, categories and answers come back the same (languages become the default)', async () => {
    const imported = await importSet(defaultSetText, 'application/json');
    const zip = await exportSet(imported.set.id, 'mt-bench');
    expect(zip.headers['content-type']).toBe('application/zip');
    const reimported = await importSet(zip.rawPayload, 'application/zip', '?id=from-mt&name=From%20MT');
    const back = parseQuestionSet((await exportSet(reimported.set.id, 'json')).json());
    const original = parseQuestionSet(JSON.parse(defaultSetText));
    // MT-Bench's layout has no language field: every question reads back as the default, "en".
    expect(questionsOf(back)).toEqual(questionsOf(original).map((q) => ({ ...q, language: 'en' })));
  });

  it('answers 404 for an unknown set', async () => {
    const response = await exportSet(999, 'json');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('SET_NOT_FOUND');
  });
});
