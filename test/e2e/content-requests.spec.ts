/// <reference lib="dom" />
import { expect, test, type Page, type Request } from '@playwright/test';
import { build } from 'vite';
import { ARENA_URL } from '../../playwright.config.js';

/*
 * Content (questions and answers) must make the browser send nothing, not even to the arena itself: the page's own CSP
 * allows same-origin images, and `<img src="/api/next">` would serve the rater a new item behind their back, while
 * `/api/research/ratings?rounds=10000` costs the server seconds. Every URL the content below names carries
 * "from-content", so a request for one of them can only have come from the content.
 */
const FROM_CONTENT = 'from-content';

const QUESTION = [
  'Images of this origin: ![](/api/next?from-content=1) ![x](img.png?from-content=2)',
  '<img src="/api/research/ratings?rounds=10000&from-content=3" alt="raw">',
  '$\\includegraphics{/api/next?from-content=4}$',
].join('\n\n');
const ANSWER_A = 'A reference-style image ![logo][logo]\n\n[logo]: /api/me?from-content=5';
const ANSWER_B = 'A linked image [![linked](/api/leaderboard?from-content=6)](https://example.org/)';

/** An item as `GET /api/next` serves it, made up here: no question set holds such content. */
const ITEM = {
  status: 'assigned',
  assignmentId: 'content-requests-item',
  question: { id: 'images', category: 'writing', categoryName: 'Writing', rubric: null, language: 'en', turns: [QUESTION] },
  answers: { A: { turns: [ANSWER_A] }, B: { turns: [ANSWER_B] } },
  progress: { voted: 0, overlapVoted: 0, overlapTotal: 0, remaining: 1 },
};

function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

const fromContent = (requests: readonly Request[]) =>
  requests.filter((request) => request.url().includes(FROM_CONTENT) || request.resourceType() === 'image').map((request) => request.url());

test('images in questions and answers render as their alt text, and the rater page requests none of them', async ({ page }) => {
  const requests = recordRequests(page);
  await page.route(`${ARENA_URL}/api/next`, (route) => route.fulfill({ json: ITEM }));
  await page.goto('/');

  const content = page.locator('.md');
  await expect(page.getByRole('button', { name: /^A is better/ })).toBeEnabled();
  await expect(content.locator('.md-image-blocked')).toHaveText(['[image]', '[x]', '[logo]', '[linked]']);
  await expect(content.getByText('<img src="/api/research/ratings?rounds=10000&from-content=3" alt="raw">')).toBeVisible();
  expect(await content.locator('img').count()).toBe(0);

  // Arrow keys scroll long answers and wide code; they cast no vote.
  for (const key of ['ArrowDown', 'ArrowLeft', 'ArrowRight']) await page.keyboard.press(key);
  await page.waitForTimeout(300);
  await expect(page.getByRole('button', { name: /^Tie/ })).toBeEnabled();
  const votes = requests.filter((request) => new URL(request.url()).pathname === '/api/votes');
  expect(votes.map((request) => `${request.method()} ${request.url()}`)).toEqual([]);

  expect(fromContent(requests)).toEqual([]);
});

test.describe('the sanitizer, handed an <img> whatever produced it', () => {
  let sanitizerBundle = '';

  // The client's own sanitize.ts, bundled for the browser: DOMPurify needs a real DOM, which the unit tests lack.
  test.beforeAll(async () => {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: 'client/src/lib/sanitize.ts', formats: ['iife'], name: 'arenaSanitize', fileName: 'sanitize' },
      },
    });
    const [first] = Array.isArray(output) ? output : [output];
    if (first === undefined || !('output' in first)) throw new Error('vite build returned no bundle');
    sanitizerBundle = first.output[0].code;
  });

  test('turns an image of this origin into its alt text, and the page requests nothing', async ({ page }) => {
    const requests = recordRequests(page);
    // A blank page of the arena's origin, so "/api/…" means the arena, as it would on the rater page.
    await page.route(`${ARENA_URL}/sanitizer-test`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><head></head><body></body></html>' }),
    );
    await page.goto(`${ARENA_URL}/sanitizer-test`);
    await page.addScriptTag({ content: sanitizerBundle });

    const html = await page.evaluate(() => {
      const { sanitizeHtml } = (window as unknown as { arenaSanitize: { sanitizeHtml: (html: string) => string | null } }).arenaSanitize;
      const sanitized = sanitizeHtml(
        '<p><img src="/api/research/ratings?rounds=10000&amp;from-content=7" alt="chart"> <img src="img.png?from-content=8"> ' +
          '<IMG SRC="https://example.invalid/t.png?from-content=9" alt="remote"></p>',
      );
      // Into the live document, where an image would load.
      document.body.innerHTML = sanitized ?? '';
      return sanitized;
    });
    expect(html).not.toBeNull();
    expect(html).not.toMatch(/<img/i);
    await expect(page.locator('.md-image-blocked')).toHaveText(['[chart]', '[image]', '[remote]']);
    await page.waitForTimeout(300);
    expect(fromContent(requests)).toEqual([]);
  });
});
