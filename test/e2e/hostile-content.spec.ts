/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { HOSTILE_URL } from '../../playwright.config.js';

/** Every question of the hostile set is "Question with a <payload> payload: …", and its id is `hostile-<payload>`. */
const payloadOf = (text: string) => /Question with a ([\w-]+) payload/.exec(text)?.[1] ?? '(none)';

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
  const nextServed = () => page.waitForResponse((response) => new URL(response.url()).pathname === '/api/next');
  const pwned = () => page.evaluate(() => (window as { __pwned?: unknown }).__pwned);
  // Rendered content lives in .md blocks; the page's own chrome (e.g. the display-name form) is not under test.
  const renderedTags = ['iframe', 'object', 'embed', 'script', 'form', 'style', 'img', 'svg [onload]'];
  const rendered = page.locator(renderedTags.map((tag) => `.md ${tag}`).join(', '));
  const voteA = page.getByRole('button', { name: /^A is better/ });
  const nextButton = page.getByRole('button', { name: /^Next/ });

  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const served = nextServed();
    if (i === 0) await page.goto(`${HOSTILE_URL}/`);
    else await nextButton.click();
    const next = (await (await served).json()) as { status: string; question?: { id: string } };
    expect(next.status, `item ${i + 1}`).toBe('assigned');
    // The vote buttons stay on the page, disabled, from a vote's reveal until the next item replaces the old one, so
    // their being visible says nothing; enabled, they and the text around them belong to the item just served.
    await expect(voteA).toBeEnabled();
    const payload = payloadOf(await page.locator('main').innerText());
    expect(`hostile-${payload}`, 'the question on the page is the one just served').toBe(next.question?.id);
    seen.add(payload);
    // Give handlers such as onerror, onload and ontoggle a chance to fire.
    await page.waitForTimeout(150);
    expect(await pwned()).toBeUndefined();
    expect(await rendered.count()).toBe(0);
    await voteA.click();
  }
  expect(seen.size).toBe(10);

  // Ten items, one per question: nothing is left to serve.
  const served = nextServed();
  await nextButton.click();
  expect(await (await served).json()).toMatchObject({ status: 'finished' });
  await expect(page.getByText('Thank you! You have rated every item available to you.')).toBeVisible();
  expect(await pwned()).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
