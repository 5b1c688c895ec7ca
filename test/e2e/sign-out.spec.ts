/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_TOKEN, RESEARCH_TOKEN } from '../../playwright.config.js';

/** What the server says of this browser's session cookie (page.request shares the browser context's cookies). */
async function sessionOf(page: Page): Promise<unknown> {
  return (await page.request.get('/api/session')).json();
}

async function signInToOrganize(page: Page): Promise<void> {
  await page.goto('/#/organize');
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expect(page.getByRole('table', { name: 'Question sets' })).toBeVisible();
  // The live progress section trades the token for the session cookie: that cookie is what must end.
  await expect.poll(() => sessionOf(page)).toEqual({ role: 'organizer' });
}

test('an organizer signs out: the session ends, the token is forgotten and the token form comes back, also after a reload', async ({
  page,
}) => {
  await signInToOrganize(page);

  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByLabel('Organizer token')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Question sets' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect(await sessionOf(page)).toEqual({ role: null });
  expect(await page.evaluate(() => sessionStorage.getItem('arena.organizerToken'))).toBeNull();

  await page.reload();
  await expect(page.getByLabel('Organizer token')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Question sets' })).toHaveCount(0);
  expect(await sessionOf(page)).toEqual({ role: null });
});

test('a tab opened later, without the token, is still signed in by the session cookie and can sign out', async ({ page, context }) => {
  await signInToOrganize(page);
  await page.close();

  // A new tab has empty sessionStorage: only the cookie, which outlives the tab, signs it in.
  const later = await context.newPage();
  await later.goto('/#/organize');
  await expect(later.getByRole('table', { name: 'Question sets' })).toBeVisible();
  await later.getByRole('button', { name: 'Sign out' }).click();

  await expect(later.getByLabel('Organizer token')).toBeVisible();
  expect(await sessionOf(later)).toEqual({ role: null });
});

test('a researcher signs out of the research page and gets the token form back', async ({ page }) => {
  await page.goto('/#/research');
  await page.getByLabel('Access token').fill(RESEARCH_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Ratings' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByLabel('Access token')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('arena.researchToken'))).toBeNull();
  expect(await sessionOf(page)).toEqual({ role: null });
});

test('a sign-in still on its way when the organizer signs out does not sign them in again', async ({ page }) => {
  // Hold the session sign-in back until after the click on Sign out.
  let releaseSignIn: () => void = () => undefined;
  const signInHeld = new Promise<void>((resolve) => (releaseSignIn = resolve));
  await page.route('**/api/session', async (route) => {
    if (route.request().method() === 'POST') await signInHeld;
    await route.continue();
  });
  const signInSent = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/session');
  await page.goto('/#/organize');
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await signInSent;

  const signedOut = page.waitForResponse((response) => response.request().method() === 'DELETE' && new URL(response.url()).pathname === '/api/session');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signedOut;
  const signInAnswered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/session');
  releaseSignIn();
  await signInAnswered;

  await expect.poll(() => sessionOf(page)).toEqual({ role: null });
  await page.reload();
  await expect(page.getByLabel('Organizer token')).toBeVisible();
});
