/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { HOSTILE_URL } from '../../playwright.config.js';

test('hostile Markdown and HTML in questions and answers stays inert: no script runs, nothing loads from elsewhere', async ({
  page,
}) => {
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== HOSTILE_URL) foreignRequests.push(request.url());
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await page.goto(`${HOSTILE_URL}/`);
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const voteA = page.getByRole('button', { name: /^A is better/ });
    const finished = page.getByText(/thank/i);
    await expect(voteA.or(finished)).toBeVisible();
    if (await finished.isVisible()) break;
    await expect(page.getByRole('region', { name: 'Answer A' })).toBeVisible();
    const question = await page.locator('main').innerText();
    seen.add(/Question with a ([\w-]+) payload/.exec(question)?.[1] ?? '(none)');
    // Give handlers such as onerror, onload and ontoggle a chance to fire.
    await page.waitForTimeout(150);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await voteA.click();
    await page.getByRole('button', { name: /^Next/ }).click();
  }
  expect(seen.size).toBe(10);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // Rendered content lives in .md blocks; the page's own chrome (e.g. the display-name form) is not under test.
  const rendered = ['iframe', 'object', 'embed', 'script', 'form', 'style', 'img', 'svg [onload]'].map((tag) => `.md ${tag}`);
  expect(await page.locator(rendered.join(', ')).count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
