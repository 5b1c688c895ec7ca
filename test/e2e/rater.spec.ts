/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const defaultModels = (JSON.parse(readFileSync('questions/default.json', 'utf8')) as { models: { name: string }[] }).models.map(
  (m) => m.name,
);

async function expectNoModelNameShown(page: Page) {
  const text = await page.locator('body').innerText();
  for (const model of defaultModels) expect(text).not.toContain(model);
}

const totalVotesText = (page: Page) => page.getByText(/^Total votes: \d+$/);
const totalVotes = async (page: Page) => Number((await totalVotesText(page).innerText()).replace(/\D/g, ''));

test('a rater votes with mouse and keyboard, sees the models revealed, and another page’s leaderboard follows live', async ({
  browser,
}) => {
  const watcher = await (await browser.newContext()).newPage();
  await watcher.goto('/#/leaderboard');
  await expect(watcher.getByRole('table')).toBeVisible();
  await expect(totalVotesText(watcher)).toBeVisible();
  const votesBefore = await totalVotes(watcher);

  const page = await (await browser.newContext()).newPage();
  await page.goto('/');
  const answerA = page.getByRole('region', { name: 'Answer A' });
  const answerB = page.getByRole('region', { name: 'Answer B' });
  await expect(answerA).toBeVisible();
  await expect(answerB).toBeVisible();
  await expectNoModelNameShown(page);

  // 1: the mouse
  await page.getByRole('button', { name: /^A is better/ }).click();
  await expect(page.getByRole('button', { name: /^Next/ })).toBeVisible();
  const revealed = await page.locator('body').innerText();
  expect(defaultModels.filter((m) => revealed.includes(m)).length).toBe(2);
  await expect.poll(() => totalVotes(watcher)).toBe(votesBefore + 1);
  await page.getByRole('button', { name: /^Next/ }).click();

  // 2: the keyboard, B then tie, "Next" by Enter
  await expect(page.getByRole('button', { name: /^B is better/ })).toBeEnabled();
  await expectNoModelNameShown(page);
  await page.keyboard.press('3');
  await expect(page.getByRole('button', { name: /^Next/ })).toBeVisible();
  await expect.poll(() => totalVotes(watcher)).toBe(votesBefore + 2);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('button', { name: /^Tie/ })).toBeEnabled();
  await expectNoModelNameShown(page);
  await page.keyboard.press('2');
  await expect(page.getByRole('button', { name: /^Next/ })).toBeVisible();
  await expect.poll(() => totalVotes(watcher)).toBe(votesBefore + 3);

  // The watcher never reloaded: the same document received every update.
  expect(await watcher.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
});

test('the interface switches to Simplified Chinese and remembers it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^A is better/ })).toBeVisible();
  await page.getByLabel(/Language|语言/).selectOption('zh-Hans');
  await expect(page.getByRole('button', { name: /A 更好/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: /A 更好/ })).toBeVisible();
});

test('no model identity leaks before the vote: not in any URL the page requests, nor in any response it reads', async ({ page }) => {
  const seen: { url: string; body: string; headers: string }[] = [];
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    const body = /json|javascript|css|html|text/.test(type) ? await response.text().catch(() => '') : '';
    seen.push({ url: response.url(), body, headers: JSON.stringify(response.headers()) });
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^A is better/ })).toBeEnabled();
  await page.waitForLoadState('networkidle');
  for (const { url, body, headers } of seen) {
    for (const model of defaultModels) {
      expect(url, url).not.toContain(model);
      expect(headers, url).not.toContain(model);
      // The question set is served only as the current item: no response before the vote may name a model.
      expect(body, url).not.toContain(model);
    }
  }
  await expectNoModelNameShown(page);
});
