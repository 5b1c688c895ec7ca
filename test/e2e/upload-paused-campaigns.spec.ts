/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ADMIN_TOKEN } from '../../playwright.config.js';
import { importResultSchema, type ImportResponse } from '../../shared/schemas/api.js';

const [modelX, modelY] = (JSON.parse(readFileSync('questions/default.json', 'utf8')) as { models: { name: string }[] }).models.map(
  (m) => m.name,
) as [string, string];

test('an upload that paused running campaigns on the previous version says so, and the campaign list is fetched again', async ({
  page,
}) => {
  const runId = Date.now();
  const slug = `e2e-paused-${runId}`;
  const name = `Paused e2e ${runId}`;
  const set = {
    format: 'arena-question-set/1',
    id: slug,
    name,
    models: [{ name: modelX }, { name: modelY }],
    questions: [
      { id: 'q1', category: 'math', turns: [`Paused check ${runId}: two plus two?`], answers: { [modelX]: ['Four.'], [modelY]: ['4'] } },
      { id: 'q2', category: 'math', turns: [`Paused check ${runId}: an even prime?`], answers: { [modelX]: ['Two.'], [modelY]: ['2'] } },
    ],
  };
  // Pausing campaigns takes a running campaign on an older version, which would change what every rater of the shared
  // server is served; so the preview is the server's, and only the import's answer is made up (nothing is written).
  const answer = importResultSchema.parse({
    created: true,
    servedAgain: false,
    set: {
      id: 1_000_000 + (runId % 1_000_000),
      slug,
      name,
      version: 2,
      status: 'active',
      questions: 2,
      models: 2,
      modelNames: [modelX, modelY].sort(),
      cells: 2,
      overlapCells: 2,
      votes: 0,
      createdAt: new Date(runId).toISOString(),
    },
    pausedCampaigns: 2,
  } satisfies ImportResponse);
  await page.route(
    (url) => url.pathname === '/api/question-sets',
    (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 201, json: answer }) : route.fallback()),
  );

  await page.goto('/#/organize');
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expect(page.getByRole('table', { name: 'Campaigns' })).toBeVisible();

  await page.getByLabel('Question-set file').setInputFiles({
    name: `${slug}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(set, null, 2)),
  });
  await expect(page.getByRole('heading', { level: 3, name: `Preview of ${slug}.json` })).toBeVisible();

  const campaignsFetched = page.waitForRequest((request) => request.method() === 'GET' && new URL(request.url()).pathname === '/api/campaigns');
  await page.getByRole('button', { name: 'Import' }).click();

  await expect(page.getByRole('status').filter({ hasText: /^Imported / })).toHaveText(
    `Imported ${name} version 2: 2 questions, 2 models. ` +
      '2 running campaigns on the previous version were paused: their items are stale. Start a campaign on version 2.',
  );
  // The paused status shows in the list without a reload.
  await campaignsFetched;
});
