/// <reference lib="dom" />
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_TOKEN } from '../../playwright.config.js';

/** The figure under a term of the dashboard's summary (e.g. "Votes"). */
const figure = (section: Locator, term: string) =>
  section.locator('dl > div').filter({ has: section.page().locator('dt').getByText(term, { exact: true }) }).locator('dd');

const votesShown = async (section: Locator) => Number((await figure(section, 'Votes').innerText()).replace(/\D/g, ''));

async function signInAsOrganizer(page: Page): Promise<Locator> {
  await page.goto('/#/organize');
  await expect(page.getByRole('heading', { level: 1, name: 'Organize' })).toBeVisible();
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  return page.getByRole('region', { name: 'Progress', exact: true });
}

test('an organizer watches the progress dashboard count a rater’s vote live, without reloading', async ({ page, browser }) => {
  // Live means over the socket: one is opened and kept, and the snapshot is never fetched over HTTP instead.
  const sockets: string[] = [];
  const fetches: string[] = [];
  page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/progress') fetches.push(request.url());
  });
  const progress = await signInAsOrganizer(page);
  await expect(progress).toBeVisible();
  // Every active set unless a campaign is chosen; the server is shared, so nothing is assumed about its counts.
  await expect(progress.getByLabel('Progress of')).toHaveValue('');
  await expect(progress.getByRole('status')).toHaveText('Live');
  await expect(figure(progress, 'Votes')).toHaveText(/^\d+$/);
  await expect(figure(progress, 'Target')).toHaveText('1 vote per cell (the default: every cell voted once)');
  await expect(progress.getByRole('table', { name: 'Votes per category' })).toBeVisible();
  await expect(progress.getByRole('grid', { name: 'Coverage by model pair' })).toBeVisible();
  await expect(progress.getByRole('table', { name: 'Progress by rater' })).toBeVisible();
  await expect(progress.getByRole('alert')).toHaveCount(0);
  const before = await votesShown(progress);

  // A rater in a browser of their own votes through the API, as the rater page does.
  const rater = await browser.newContext();
  const raterPage = await rater.newPage();
  const next = await (await raterPage.request.get('/api/next')).json();
  expect(next.status, 'the rater is served an item').toBe('assigned');
  const vote = await raterPage.request.post('/api/votes', { data: { assignmentId: next.assignmentId, choice: 'tie' } });
  expect(vote.ok()).toBe(true);
  const { pseudonym } = (await (await raterPage.request.get('/api/me')).json()) as { pseudonym: string };
  await rater.close();

  await expect.poll(() => votesShown(progress)).toBe(before + 1);
  // The rater now has a row of their own: one vote, active.
  const row = progress
    .getByRole('table', { name: 'Progress by rater' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: pseudonym, exact: true }) });
  await expect(row.getByRole('cell').nth(0)).toHaveText('1');
  await expect(row.getByRole('cell').nth(3)).toHaveText('Yes');
  await expect(progress.getByRole('status')).toHaveText('Live');
  // With a vote in the pace window there is a pace to extrapolate: a finish time, unless the target is reached.
  await expect(figure(progress, 'Estimated finish')).not.toHaveText(/No votes/);

  // The same document received the update through the same socket: the page never reloaded.
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  expect(sockets).toEqual(['/api/progress/live']);
  expect(fetches).toEqual([]);
});

test('the progress dashboard reads in Simplified Chinese', async ({ page }) => {
  await signInAsOrganizer(page);
  await page.getByLabel(/Language|语言/).selectOption('zh-Hans');
  const progress = page.getByRole('region', { name: '进度', exact: true });
  await expect(progress.getByLabel('查看进度')).toHaveValue('');
  await expect(progress.getByRole('status')).toHaveText('实时');
  await expect(figure(progress, '目标')).toHaveText('每个单元 1 票（默认：每个单元投票一次）');
  await expect(progress.getByRole('table', { name: '各评审进度' })).toBeVisible();
  await expect(progress.getByRole('grid', { name: '各模型对的覆盖情况' })).toBeVisible();
});
