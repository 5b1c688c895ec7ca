import { expect, test } from '@playwright/test';

test('an unknown invite code is reported to the rater with the server’s message, and the arena still loads', async ({ page }) => {
  const accepted = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/invites/accept');
  const served = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/next');
  await page.goto('/?invite=no-such-invite-code');
  expect((await accepted).status()).toBe(404);
  await served;

  const alert = page.getByRole('alert').filter({ hasText: 'this invite link is unknown or used up' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Your invite link could not be used.');
  // Whatever was served after the failed invite (an item, or a note that nothing is open) did not clear the message.
  await expect(page.getByRole('button', { name: /^A is better/ }).or(page.locator('#finished-message'))).toBeVisible();
  await expect(alert).toBeVisible();
  expect(new URL(page.url()).search, 'the code is taken out of the address, so a reload does not try it again').toBe('');

  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
});
