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
    seen.add(await page.locator('h2, h3').first().innerText());
    // Give handlers such as onerror, onload and ontoggle a chance to fire.
    await page.waitForTimeout(150);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await voteA.click();
    await page.getByRole('button', { name: /^Next/ }).click();
  }
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('iframe, object, embed, script:not([src]), form').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
