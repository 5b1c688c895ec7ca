/// <reference lib="dom" />
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ARENA_URL, RESEARCH_TOKEN } from '../../playwright.config.js';

/** Votes cast through the API as three raters, so the page has data whatever ran before. */
async function castVotes(requests: typeof request) {
  for (let r = 0; r < 3; r++) {
    const rater: APIRequestContext = await requests.newContext({ baseURL: ARENA_URL });
    for (let i = 0; i < 4; i++) {
      const next = await (await rater.get('/api/next')).json();
      const response = await rater.post('/api/votes', { data: { assignmentId: next.assignmentId, choice: ['A', 'B', 'tie'][(r + i) % 3] } });
      expect(response.ok()).toBe(true);
    }
    await rater.dispose();
  }
}

test('a researcher unlocks the research page, reads ratings, heatmaps and consistency, downloads and analyzes a log', async ({
  page,
}) => {
  await castVotes(request);
  await page.goto('/#/research');
  await expect(page.getByRole('heading', { level: 1, name: 'Research' })).toBeVisible();

  await page.getByLabel('Access token').fill(RESEARCH_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();

  const ratings = page.getByRole('table', { name: /^Ratings: All categories/ });
  await expect(ratings).toBeVisible();
  expect(await ratings.getByRole('row').count()).toBeGreaterThanOrEqual(3);

  const observed = page.getByRole('grid', { name: 'Observed win rate' });
  await expect(observed).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Elo-predicted win rate' })).toBeVisible();
  const cell = observed.getByRole('gridcell', { name: /vs .*predicted \d+%/ }).first();
  await cell.focus();
  // The tooltip repeats the cell's accessible name for sighted users; it is aria-hidden, so it is found by class.
  await expect(page.locator('.tooltip')).toContainText(/predicted/i);

  await expect(page.getByRole('heading', { level: 2, name: 'Consistency' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Rater diagnostics' })).toBeVisible();

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Vote log as CSV' }).click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('vote_id,timestamp,rater,question_id,question_set,question_set_version,category,model_a,model_b,winner,overlap,time_ms,rater_excluded');

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Download Observed win rate' }).getByRole('button', { name: 'SVG' }).click();
  expect(readFileSync((await (await svgDownload).path())!, 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<title>Observed win rate<\/title>/s);

  await page.getByLabel('Vote log file (CSV, JSONL or Chatbot Arena JSON)').setInputFiles('test/fixtures/mt_bench_human/mt_bench_human.csv');
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Read 3355 votes/ })).toBeVisible({ timeout: 30_000 });
});
