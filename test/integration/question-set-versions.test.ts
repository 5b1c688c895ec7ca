import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { systemRuntime } from '../../server/runtime.js';
import { importQuestionSet, parseQuestionSet } from '../../server/services/question-sets.js';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, dumpDb, startTestApp, TINY_SET, type TestApp, sqliteOf } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

const tinyFile = () => JSON.parse(readFileSync(TINY_SET, 'utf8'));

describe('loading question sets', () => {
  it('loads the configured set into an empty database once, with its overlap items', async () => {
    t = await startTestApp({ overlapItems: 3 });
    const sqlite = sqliteOf(t.app);
    expect(sqlite.prepare('select slug, version, status from question_sets').all()).toEqual([
      { slug: 'tiny', version: 1, status: 'active' },
    ]);
    expect(sqlite.prepare('select count(*) as n, sum(is_overlap) as overlap from cells').get()).toEqual({ n: 12, overlap: 3 });
    // The three overlap cells are on three different questions.
    const overlapQuestions = sqlite.prepare('select count(distinct question_id) as n from cells where is_overlap = 1').get();
    expect(overlapQuestions).toEqual({ n: 3 });
  });

  it('treats the same content again as a no-op', async () => {
    t = await startTestApp();
    const before = dumpDb(t.app);
    const result = await importQuestionSet(t.app.arenaDb.db, systemRuntime, parseQuestionSet(tinyFile()), { overlapItems: 2 });
    expect(result).toMatchObject({ created: false, version: 1 });
    expect(dumpDb(t.app)).toBe(before);
  });

  it("shows each item's own question and, as A and B, the answers of the models revealed after the vote, in every version", async () => {
    t = await startTestApp({ overlapItems: 0 });
    type TinyQuestion = { id: string; turns: string[]; answers: Record<string, string[]> };
    const goThrough = async (file: { questions: TinyQuestion[] }) => {
      const rater = new TestRater(t!.app);
      let items = 0;
      for (;;) {
        const next = await rater.next();
        if (next.status !== 'assigned') break;
        const { reveal } = await rater.voteOk(next.assignmentId, 'tie');
        const question = file.questions.find((q) => q.id === next.question.id)!;
        expect(next.question.turns).toEqual(question.turns);
        expect(next.answers.A.turns).toEqual(question.answers[reveal.A]);
        expect(next.answers.B.turns).toEqual(question.answers[reveal.B]);
        items++;
      }
      expect(items).toBe(12);
    };
    await goThrough(tinyFile());
    // Version 2 has the same question ids and models with other texts: nothing of version 1 may show.
    const changed = tinyFile();
    for (const question of changed.questions as TinyQuestion[]) {
      question.turns = question.turns.map((turn) => `${turn} (v2)`);
      for (const model of Object.keys(question.answers)) question.answers[model] = question.answers[model]!.map((turn) => `${model} v2: ${turn}`);
    }
    await importQuestionSet(t.app.arenaDb.db, systemRuntime, parseQuestionSet(changed), { overlapItems: 0 });
    await goThrough(changed);
  });

  it("serves an archived version again when its content is uploaded again (a revert), and pauses the newer version's campaigns", async () => {
    t = await startTestApp({ overlapItems: 0 });
    const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const upload = (file: object) => t!.app.inject({ method: 'POST', url: '/api/question-sets', headers: organizer, payload: file });
    const changed = tinyFile();
    changed.questions[0].turns = ['What is $3 + 3$?'];
    const second = (await upload(changed)).json();
    expect(second).toMatchObject({ created: true, set: { version: 2, status: 'active' } });
    const campaign = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'On v2', setId: second.set.id } });
    expect(campaign.statusCode).toBe(201);

    const preview = await t.app.inject({ method: 'POST', url: '/api/question-sets/preview', headers: organizer, payload: tinyFile() });
    expect(preview.json()).toMatchObject({ version: 1, alreadyImported: true, archived: true });
    const reverted = await upload(tinyFile());
    expect(reverted.statusCode).toBe(200);
    expect(reverted.json()).toMatchObject({ created: false, servedAgain: true, pausedCampaigns: 1, set: { version: 1, status: 'active' } });
    // The same content again is now the current version's: a no-op.
    expect((await upload(tinyFile())).json()).toMatchObject({ created: false, servedAgain: false, pausedCampaigns: 0 });
    const sqlite = sqliteOf(t.app);
    expect(sqlite.prepare('select version, status from question_sets order by version').all()).toEqual([
      { version: 1, status: 'active' },
      { version: 2, status: 'archived' },
    ]);
    // The campaign on version 2 is paused; a campaign on version 1 serves it again.
    expect((await new TestRater(t.app).next()).status).toBe('closed');
    await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: organizer, payload: { name: 'Back on v1', setId: reverted.json().set.id } });
    const rater = new TestRater(t.app);
    await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
    expect(sqlite.prepare('select s.version from votes v join question_sets s on s.id = v.set_id').all()).toEqual([{ version: 1 }]);
  });

  it('makes changed content a new version that replaces the old one; votes stay on the old version', async () => {
    t = await startTestApp();
    const rater = new TestRater(t.app);
    const voted = await rater.nextAssignment();
    await rater.voteOk(voted.assignmentId, 'A');
    const open = await rater.nextAssignment();

    const changed = tinyFile();
    changed.questions[0].turns = ['What is $3 + 3$?'];
    const result = await importQuestionSet(t.app.arenaDb.db, systemRuntime, parseQuestionSet(changed), { overlapItems: 2 });
    expect(result).toMatchObject({ created: true, version: 2 });

    const stale = await rater.vote(open.assignmentId, 'B');
    expect(stale.statusCode).toBe(410);
    expect(stale.json().error.code).toBe('ASSIGNMENT_STALE');

    const sqlite = sqliteOf(t.app);
    expect(sqlite.prepare('select s.version from votes v join question_sets s on s.id = v.set_id').all()).toEqual([{ version: 1 }]);
    // The rater now gets items of version 2 only.
    const fresh = await rater.nextAssignment();
    expect(fresh.assignmentId).not.toBe(open.assignmentId);
    const setOfFresh = sqlite
      .prepare('select s.version from assignments a join cells c on c.id = a.cell_id join question_sets s on s.id = c.set_id where a.id = ?')
      .get(fresh.assignmentId);
    expect(setOfFresh).toEqual({ version: 2 });
  });
});
