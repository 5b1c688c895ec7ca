/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ADMIN_TOKEN } from '../../playwright.config.js';

// The default set's own models, so the other specs (which expect a vote to reveal default models) are unaffected
// when a rater of theirs is served this set's items.
const [modelX, modelY] = (JSON.parse(readFileSync('questions/default.json', 'utf8')) as { models: { name: string }[] }).models.map(
  (m) => m.name,
) as [string, string];

/** A new set each run: the server and its database are shared by every spec and never assumed empty. */
function questionSets(runId: number) {
  const slug = `e2e-organizer-${runId}`;
  const name = `Organizer e2e ${runId}`;
  const questionTexts = [`Organizer check ${runId}: what is two plus three?`, `Organizer check ${runId}: name a prime number.`];
  const valid = {
    format: 'arena-question-set/1',
    id: slug,
    name,
    models: [{ name: modelX }, { name: modelY }],
    questions: [
      { id: 'q1', category: 'math', turns: [questionTexts[0]], answers: { [modelX]: ['Five.'], [modelY]: ['5'] } },
      { id: 'q2', category: 'math', turns: [questionTexts[1]], answers: { [modelX]: ['Seven.'], [modelY]: ['2'] } },
    ],
  };
  const broken = {
    ...valid,
    questions: [
      { ...valid.questions[0], category: 'astrology' },
      { ...valid.questions[1], answers: { [modelX]: ['Seven.'] } },
    ],
  };
  return { slug, name, questionTexts, valid, broken };
}

const asFile = (name: string, set: unknown) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(set, null, 2)),
});

/** 1-based line of the n-th (0-based) line of `text` containing `needle`. */
function lineOf(text: string, needle: string, occurrence = 0): number {
  const lines = text.split('\n');
  const matching = lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  return matching[occurrence]!;
}

test('an organizer checks a broken and a valid question set, imports the valid one, and raters are served it', async ({
  page,
  browser,
}) => {
  const runId = Date.now();
  const { slug, name: setName, questionTexts, valid: validSet, broken: brokenSet } = questionSets(runId);
  await page.goto('/#/organize');
  await expect(page.getByRole('heading', { level: 1, name: 'Organize' })).toBeVisible();
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();

  const table = page.getByRole('table', { name: 'Question sets' });
  await expect(table).toBeVisible();
  await expect(page.getByRole('link', { name: 'Question-set format (JSON Schema)' })).toHaveAttribute(
    'href',
    '/api/schema/question-set.json',
  );

  // A broken file: every problem, with the line it is on; nothing to import.
  const fileInput = page.getByLabel('Question-set file');
  const broken = asFile('broken.json', brokenSet);
  const brokenText = broken.buffer.toString('utf8');
  await fileInput.setInputFiles(broken);
  // The page has other sections with alerts of their own (campaigns, progress); this is the upload's.
  const alert = page.getByRole('region', { name: 'Upload a question set' }).getByRole('alert');
  await expect(alert).toContainText(
    `line ${lineOf(brokenText, '"astrology"')} · questions.0.category: unknown category "astrology"`,
  );
  await expect(alert).toContainText(`line ${lineOf(brokenText, '"answers"', 1)} · questions.1.answers: no answer from model "${modelY}"`);
  await expect(page.getByRole('button', { name: 'Import' })).toHaveCount(0);

  // A valid file: the preview, then the import.
  await fileInput.setInputFiles(asFile(`${slug}.json`, validSet));
  await expect(page.getByRole('heading', { level: 3, name: `Preview of ${slug}.json` })).toBeVisible();
  await expect(alert).toHaveCount(0);
  await expect(page.getByText('1 (new)')).toBeVisible();
  await expect(page.getByText(`${modelX}, ${modelY}`)).toBeVisible();
  await expect(page.getByText(questionTexts[0]!)).toBeVisible();
  await page.getByRole('button', { name: 'Import' }).click();
  // The page has other status lines (the campaign form's); this is the upload's.
  await expect(page.getByRole('status').filter({ hasText: /^Imported / })).toHaveText(`Imported ${setName} version 1: 2 questions, 2 models.`);

  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: setName }) });
  await expect(row.getByRole('cell')).toHaveText([slug, '1', 'Active', '2', '2', '2', '2', '0', /\d/]);

  // The same file again: the preview says nothing would change.
  await fileInput.setInputFiles(asFile(`${slug}.json`, validSet));
  await expect(page.getByText('already imported as version 1 — uploading changes nothing')).toBeVisible();

  // A rater in a fresh browser is served the new set beside the default one. Every other item is an overlap item, and
  // both of this set's cells are overlap items, so they come within twice the number of overlap items.
  const rater = await browser.newContext();
  const raterPage = await rater.newPage();
  let served = false;
  for (let i = 0; i < 100 && !served; i++) {
    const next = await (await raterPage.request.get('/api/next')).json();
    expect(next.status).toBe('assigned');
    served = questionTexts.includes(next.question.turns[0]);
    if (!served) {
      const vote = await raterPage.request.post('/api/votes', { data: { assignmentId: next.assignmentId, choice: 'tie' } });
      expect(vote.ok()).toBe(true);
    }
  }
  expect(served).toBe(true);
  // The open item is served again on load, so the page shows the new set's question.
  await raterPage.goto('/');
  await expect(raterPage.getByText(new RegExp(`^Organizer check ${runId}:`))).toBeVisible();
  await rater.close();
});
