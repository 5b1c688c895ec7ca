/// <reference lib="dom" />
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { ADMIN_TOKEN } from '../../playwright.config.js';

type Choice = 'A' | 'B' | 'tie';

interface CastVote {
  questionId: string;
  category: string;
  modelA: string;
  modelB: string;
  choice: Choice;
}

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A rater of our own, in a browser context of their own (so their own cookie), who votes through the API. */
async function raterWhoVotes(browser: Browser, choices: Choice[]): Promise<{ pseudonym: string; cast: CastVote[] }> {
  const context = await browser.newContext();
  const cast: CastVote[] = [];
  for (const choice of choices) {
    const next = await (await context.request.get('/api/next')).json();
    expect(next.status, 'the rater is served an item').toBe('assigned');
    const response = await context.request.post('/api/votes', { data: { assignmentId: next.assignmentId, choice } });
    expect(response.ok()).toBe(true);
    const result = await response.json();
    cast.push({
      questionId: next.question.id,
      category: next.question.categoryName,
      modelA: result.reveal.A,
      modelB: result.reveal.B,
      choice,
    });
  }
  const { pseudonym } = (await (await context.request.get('/api/me')).json()) as { pseudonym: string };
  await context.close();
  return { pseudonym, cast };
}

async function totalVotesCounted(request: APIRequestContext): Promise<number> {
  return ((await (await request.get('/api/leaderboard')).json()) as { totalVotes: number }).totalVotes;
}

async function signInAsOrganizer(page: Page): Promise<Locator> {
  await page.goto('/#/organize');
  await expect(page.getByRole('heading', { level: 1, name: 'Organize' })).toBeVisible();
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  return page.getByRole('region', { name: 'Raters', exact: true });
}

const winner = (vote: CastVote) => (vote.choice === 'A' ? vote.modelA : vote.choice === 'B' ? vote.modelB : 'Tie');

let excludedRater: string | null = null;

// The server is shared with the other specs: whatever happens above, this spec's rater counts again when it ends.
test.afterEach(async ({ request }) => {
  if (excludedRater === null) return;
  await request.put(`/api/raters/${excludedRater}/exclusion`, { headers: organizer, data: { excluded: false } });
  excludedRater = null;
});

test('an organizer reads a rater’s votes, excludes the rater with a reason, and includes them again', async ({ page, browser, request }) => {
  const { pseudonym, cast } = await raterWhoVotes(browser, ['A', 'B', 'tie']);
  // Two votes a page here, so "Load more" is exercised against the real server with this rater's three votes.
  await page.route('**/api/raters/*/votes?*', (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', '2');
    return route.continue({ url: url.href });
  });

  const section = await signInAsOrganizer(page);
  await expect(section.getByRole('heading', { level: 2, name: 'Raters' })).toBeVisible();
  const table = section.getByRole('table', { name: 'Raters', exact: true });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: pseudonym, exact: true }) });
  await expect(row.getByRole('cell').nth(0)).toHaveText('3');
  await expect(row.getByRole('cell').nth(2)).toHaveText('Counted');

  // Their votes, in the order cast, against what was cast.
  await row.getByRole('button', { name: `Votes, ${pseudonym}` }).click();
  const panel = section.getByRole('region', { name: `Votes of ${pseudonym}` });
  await expect(panel.getByRole('heading', { level: 3 })).toBeFocused();
  const votes = panel.getByRole('table', { name: `Votes of ${pseudonym}, in the order cast` });
  await expect(votes.locator('tbody tr')).toHaveCount(2);
  await expect(panel.getByText('Showing 2 of 3 votes.')).toBeVisible();
  await panel.getByRole('button', { name: 'Load more' }).click();
  await expect(votes.locator('tbody tr')).toHaveCount(3);
  await expect(panel.getByText('Showing 3 of 3 votes.')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  for (const [i, vote] of cast.entries()) {
    await expect(votes.locator('tbody tr').nth(i).getByRole('cell')).toHaveText([
      /^\S+ v\d+$/,
      vote.questionId,
      vote.category,
      vote.modelA,
      vote.modelB,
      winner(vote),
      /^(Yes|No)$/,
      /^\d+\.\d$/,
    ]);
  }

  // Excluded with a reason: marked in the table, the votes leave the ratings, and nothing went wrong.
  const before = await totalVotesCounted(request);
  await row.getByRole('button', { name: `Exclude…, ${pseudonym}` }).click();
  const form = section.getByRole('form', { name: `Exclude ${pseudonym}` });
  const reason = form.getByRole('textbox', { name: 'Reason (optional)' });
  await expect(reason).toBeFocused();
  await reason.fill('E2E: answered before reading');
  excludedRater = pseudonym;
  await form.getByRole('button', { name: 'Exclude votes' }).click();
  await expect(section.getByRole('status')).toHaveText(
    `Excluded ${pseudonym}: their 3 votes stay in the log but no longer count. Ratings rebuilt.`,
  );
  await expect(form).toHaveCount(0);
  await expect(row.getByRole('cell').nth(2)).toContainText(/^Excluded .+Reason: E2E: answered before reading$/);
  const include = row.getByRole('button', { name: `Include again, ${pseudonym}` });
  await expect(include).toBeFocused();
  await expect(panel.getByText('This rater is excluded: these votes stay in the log but count in no rating or analysis.')).toBeVisible();
  await expect(votes.locator('tbody tr'), 'the votes stay in the log').toHaveCount(3);
  expect(await totalVotesCounted(request)).toBe(before - 3);
  await expect(section.getByRole('alert')).toHaveCount(0);

  // Included again: the row and the ratings are as they were.
  await include.click();
  await expect(section.getByRole('status')).toHaveText(`Included ${pseudonym} again: their 3 votes count again. Ratings rebuilt.`);
  excludedRater = null;
  await expect(row.getByRole('cell').nth(2)).toHaveText('Counted');
  await expect(row.getByRole('button', { name: `Exclude…, ${pseudonym}` })).toBeFocused();
  expect(await totalVotesCounted(request)).toBe(before);
  await expect(section.getByRole('alert')).toHaveCount(0);

  // Closing the votes gives focus back to the button that opened them.
  await panel.getByRole('button', { name: 'Close the votes' }).click();
  await expect(panel).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Votes, ${pseudonym}` })).toBeFocused();
});

test('cancelling an exclusion changes nothing, and the section reads in Simplified Chinese', async ({ page, browser }) => {
  const { pseudonym } = await raterWhoVotes(browser, ['tie']);
  const section = await signInAsOrganizer(page);
  const row = section
    .getByRole('table', { name: 'Raters', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: pseudonym, exact: true }) });
  const exclude = row.getByRole('button', { name: `Exclude…, ${pseudonym}` });
  await exclude.click();
  const reason = section.getByRole('form', { name: `Exclude ${pseudonym}` }).getByRole('textbox', { name: 'Reason (optional)' });
  await reason.fill('not sent');
  await reason.press('Escape');
  await expect(section.getByRole('form')).toHaveCount(0);
  await expect(exclude).toBeFocused();
  await expect(row.getByRole('cell').nth(2)).toHaveText('Counted');
  await expect(section.getByRole('status')).toHaveText('');

  await page.getByLabel(/Language|语言/).selectOption('zh-Hans');
  const zh = page.getByRole('region', { name: '评审', exact: true });
  const zhRow = zh
    .getByRole('table', { name: '评审', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: pseudonym, exact: true }) });
  await expect(zhRow.getByRole('cell').nth(2)).toHaveText('计入');
  await zhRow.getByRole('button', { name: `投票：${pseudonym}` }).click();
  await expect(zh.getByRole('table', { name: `${pseudonym} 的投票（按投票顺序）` }).locator('tbody tr').getByRole('cell').nth(5)).toHaveText(
    '平局',
  );
});

test('the progress dashboard’s rater table opens that rater in the Raters section, even one who joined after it loaded', async ({
  page,
  browser,
}) => {
  const section = await signInAsOrganizer(page);
  await expect(section.getByRole('table', { name: 'Raters', exact: true })).toBeVisible();
  const { pseudonym } = await raterWhoVotes(browser, ['B', 'A']);

  // The dashboard hears of the new rater live; the Raters list was fetched before they voted.
  const progress = page.getByRole('region', { name: 'Progress', exact: true });
  await progress.getByRole('button', { name: `Votes and exclusion, ${pseudonym}` }).click();
  const panel = section.getByRole('region', { name: `Votes of ${pseudonym}` });
  await expect(panel.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(panel.getByRole('table', { name: `Votes of ${pseudonym}, in the order cast` }).locator('tbody tr')).toHaveCount(2);
  await expect(section.getByRole('rowheader', { name: pseudonym, exact: true })).toBeVisible();
});
