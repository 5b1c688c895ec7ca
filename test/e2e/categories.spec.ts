import { expect, test } from '@playwright/test';

test('the leaderboard offers every category the server lists, a set’s own ones by their declared name', async ({ page }) => {
  const listed = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/categories');
  await page.goto('/#/leaderboard');
  const categories = (await (await listed).json()).categories as { id: string; name: string }[];
  const select = page.getByLabel('Category');
  for (const { name } of categories) await expect(select.locator('option', { hasText: name })).toHaveCount(1);

  // A set of its own categories (an MT-Bench import): the server names them, and the selector shows them.
  await page.route('**/api/categories', (route) =>
    route.fulfill({ json: { categories: [...categories, { id: 'roleplay', name: 'Role play', questions: 10 }] } }),
  );
  await page.reload();
  await expect(select.locator('option', { hasText: 'Role play' })).toHaveCount(1);
  await select.selectOption('roleplay');
  await expect(page.getByRole('table')).toContainText('Role play');
});
