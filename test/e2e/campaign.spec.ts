/// <reference lib="dom" />
import { expect, test, type Page, type Request } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { ADMIN_TOKEN, CAMPAIGN_URL } from '../../playwright.config.js';

// A server of its own: once a campaign exists, its server serves raters nothing else, which would change what the
// other specs' raters get on the shared arena server.
test.use({ baseURL: CAMPAIGN_URL });

interface SetFile {
  models: { name: string }[];
  questions: { id: string; turns: string[]; answers: Record<string, string[]> }[];
}

const defaultSet = JSON.parse(readFileSync('questions/default.json', 'utf8')) as SetFile;
const defaultQuestionTexts = new Set(defaultSet.questions.flatMap((q) => q.turns));
/** The files `npm run build` wrote, the same for every rater and item: the only static files an item may load. */
const buildAssets = new Set(readdirSync('dist/client/assets'));

/** This run's set: three models, three questions, each answer telling its model apart only by its text. */
function campaignSet(runId: number) {
  const models = [`campaign-alpha-${runId}`, `campaign-beta-${runId}`, `campaign-gamma-${runId}`] as const;
  const prompts = [
    `Campaign check ${runId}: what is six times seven?`,
    `Campaign check ${runId}: which planet is closest to the Sun?`,
    `Campaign check ${runId}: how many sides does a hexagon have?`,
  ] as const;
  const replies = [
    ['It is 42.', 'Six sevens make forty-two.', 'The product is $6 \\times 7 = 42$.'],
    ['Mercury.', 'The closest planet is Mercury.', 'Mercury orbits nearest, at about 0.39 AU.'],
    ['Six.', 'A hexagon has six sides.', 'Six: the Greek *hex* means six.'],
  ] as const;
  const set = {
    format: 'arena-question-set/1',
    id: `e2e-campaign-${runId}`,
    name: `Campaign e2e ${runId}`,
    models: models.map((name) => ({ name })),
    questions: prompts.map((prompt, q) => ({
      id: `q${q + 1}`,
      category: 'daily_qa',
      turns: [prompt],
      answers: Object.fromEntries(models.map((model, m) => [model, [replies[q]![m]!]])),
    })),
  };
  const broken = {
    ...set,
    questions: [{ ...set.questions[0]!, category: 'astrology' }, { ...set.questions[1]!, answers: { [models[0]]: ['Mercury.'] } }],
  };
  return { set, broken, models, prompts };
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** 1-based line of the n-th (0-based) line of `text` containing `needle`. */
function lineOf(text: string, needle: string, occurrence = 0): number {
  return text.split('\n').flatMap((line, i) => (line.includes(needle) ? [i + 1] : []))[occurrence]!;
}

/** Drops a file on the upload zone as a browser would from the desktop (the input sits inside the drop target). */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'application/json' }));
      return transfer;
    },
    { name, text },
  );
  const zone = page.getByRole('region', { name: 'Upload a question set' }).getByLabel('Question-set file');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

const pathOf = (request: Request) => new URL(request.url()).pathname;

test('an organizer uploads a set, starts an invite-only campaign on two of its models, and only invited raters are served those until it is paused and finished', async ({
  page,
  browser,
}) => {
  const runId = Date.now();
  const { set, broken, models, prompts } = campaignSet(runId);
  /** The models the campaign compares: the third model of the set is left out. */
  const inPlay = [models[0], models[1]];
  const everyModel = [...models, ...defaultSet.models.map((m) => m.name)];
  const campaignName = `Campaign ${runId}`;

  await page.goto('/#/organize');
  await page.getByLabel('Organizer token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expect(page.getByRole('table', { name: 'Question sets' })).toBeVisible();

  // A broken file, dropped: every problem by line, nothing to import. (The page has other sections, with alerts of
  // their own when something fails there.)
  const upload = page.getByRole('region', { name: 'Upload a question set' });
  const brokenText = json(broken);
  await dropFile(page, 'broken.json', brokenText);
  const alert = upload.getByRole('alert');
  await expect(alert).toContainText(`line ${lineOf(brokenText, '"astrology"')} · questions.0.category: unknown category "astrology"`);
  await expect(alert).toContainText(`line ${lineOf(brokenText, '"answers"', 1)} · questions.1.answers: no answer from model "${models[1]}"`);
  await expect(upload.getByRole('button', { name: 'Import' })).toHaveCount(0);

  // The valid set, picked: its preview, then the import.
  await upload.getByLabel('Question-set file').setInputFiles({ name: `${set.id}.json`, mimeType: 'application/json', buffer: Buffer.from(json(set)) });
  await expect(upload.getByRole('heading', { level: 3, name: `Preview of ${set.id}.json` })).toBeVisible();
  await expect(alert).toHaveCount(0);
  await expect(upload.getByText(models.join(', '))).toBeVisible();
  await expect(upload.getByText(prompts[0])).toBeVisible();
  await upload.getByRole('button', { name: 'Import' }).click();
  await expect(upload.getByRole('status').filter({ hasText: /^Imported / })).toHaveText(`Imported ${set.name} version 1: 3 questions, 3 models.`);

  // The campaign, through the form: this set version, two of its three models, one vote per cell, two overlap items,
  // invite only.
  const form = page.getByRole('form', { name: 'New campaign' });
  await form.getByLabel('Campaign name').fill(campaignName);
  await form.getByLabel('Question set').selectOption({ label: `${set.name} v1` });
  // The set's models, all ticked to begin with.
  const modelGroup = form.getByRole('group', { name: 'Models' });
  const modelBox = (model: string) => modelGroup.getByRole('checkbox', { name: model, exact: true });
  await expect(modelGroup.getByRole('checkbox')).toHaveCount(3);
  for (const model of models) await expect(modelBox(model)).toBeChecked();
  await modelBox(models[2]).uncheck();
  await form.getByLabel('Target votes per cell').fill('1');
  await form.getByLabel('Overlap items').fill('2');
  await form.getByLabel('Invite only').check();

  // One model is not a comparison: the form says so and sends nothing.
  const campaignPosts: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && pathOf(request) === '/api/campaigns') campaignPosts.push(request);
  });
  await modelBox(models[1]).uncheck();
  const tooFew = form.getByRole('alert');
  await expect(tooFew).toHaveText('Tick at least two models: raters compare them in pairs.');
  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(modelBox(models[0])).toBeFocused();
  expect(campaignPosts).toEqual([]);
  await modelBox(models[1]).check();
  await expect(tooFew).toHaveCount(0);

  const posted = page.waitForRequest((request) => request.method() === 'POST' && pathOf(request) === '/api/campaigns');
  await form.getByRole('button', { name: 'Create campaign' }).click();
  expect((await posted).postDataJSON()).toEqual({
    name: campaignName,
    setId: expect.any(Number),
    models: inPlay,
    targetVotesPerCell: 1,
    overlapItems: 2,
    inviteOnly: true,
  });
  await expect(form.getByRole('status')).toHaveText(`Created campaign ${campaignName}; it is running.`);
  const row = page
    .getByRole('table', { name: 'Campaigns' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: campaignName }) });
  // Three questions × one model pair = three cells.
  await expect(row.getByRole('cell')).toHaveText([/^\d+$/, inPlay.join(', '), '1', '—', '2', 'Yes', 'Running', '0 / 3', '0', /Pause/]);

  await row.getByRole('button', { name: 'Invite link' }).click();
  const inviteField = page.getByRole('textbox', { name: 'Invite link' });
  await expect(inviteField).toBeFocused();
  const inviteUrl = await inviteField.inputValue();
  expect(inviteUrl).toMatch(new RegExp(`^${CAMPAIGN_URL}/\\?invite=[\\w-]+$`));

  // The invited rater: every request the page makes is recorded, to see what an item's arrival looks like.
  const invited = await (await browser.newContext()).newPage();
  const requests: Request[] = [];
  invited.on('request', (request) => requests.push(request));
  const answerA = invited.getByRole('region', { name: 'Answer A' });
  const answerB = invited.getByRole('region', { name: 'Answer B' });
  const nextButton = invited.getByRole('button', { name: /^Next/ });

  // One vote on each of the three cells: the two overlap items and the other one.
  const votes = 3;
  for (let i = 0; i < votes; i++) {
    const firstRequest = requests.length;
    const served = invited.waitForResponse((response) => pathOf(response.request()) === '/api/next');
    if (i === 0) await invited.goto(inviteUrl);
    else await nextButton.click();
    const next = (await (await served).json()) as { question: { turns: string[] }; answers: Record<'A' | 'B', { turns: string[] }> };
    await expect(invited.getByRole('button', { name: /^A is better/ })).toBeEnabled();

    // From the new set only, never the default one.
    const prompt = next.question.turns[0]!;
    expect(prompts).toContain(prompt);
    expect(defaultQuestionTexts.has(prompt)).toBe(false);
    await expect(invited.getByText(prompt)).toBeVisible();
    const question = set.questions.find((q) => q.turns[0] === prompt)!;
    const writerOf = (text: string) => models.find((model) => question.answers[model]![0] === text);
    const [writerA, writerB] = [writerOf(next.answers.A.turns[0]!), writerOf(next.answers.B.turns[0]!)];
    // Only the campaign's two models, never the one left out.
    expect([writerA, writerB].sort()).toEqual([...inPlay].sort());

    // No model is named on the page before the vote.
    if (i === 0) await invited.waitForLoadState('networkidle');
    const shown = await invited.locator('main').innerText();
    for (const model of everyModel) expect(shown).not.toContain(model);

    // Both answers came in that one response: nothing was fetched per answer or per model, so no request, URL or load
    // order can tell the models apart. Besides it, only files of the build (scripts, styles, KaTeX's fonts when math is
    // shown) and, with the first item, the page itself, the invite and the rater's own record.
    const whileShown = requests.slice(firstRequest);
    expect(whileShown.filter((request) => pathOf(request) === '/api/next')).toHaveLength(1);
    for (const request of whileShown) {
      const url = new URL(request.url());
      for (const model of everyModel) expect(request.url()).not.toContain(model);
      expect(url.origin).toBe(CAMPAIGN_URL);
      if (url.pathname !== '/') expect(url.search).toBe('');
      const buildFile = url.pathname.startsWith('/assets/') && buildAssets.has(url.pathname.slice('/assets/'.length));
      const allowed = i === 0 ? ['GET /', 'POST /api/invites/accept', 'GET /api/next', 'GET /api/me'] : ['GET /api/next'];
      if (!buildFile) expect(allowed).toContain(`${request.method()} ${url.pathname}`);
    }

    // The vote reveals the two models, matching the answers each side showed.
    const voted = invited.waitForResponse((response) => pathOf(response.request()) === '/api/votes');
    await invited.getByRole('button', { name: [/^A is better/, /^Tie/, /^B is better/][i % 3]! }).click();
    const reveal = ((await (await voted).json()) as { reveal: Record<'A' | 'B', string> }).reveal;
    expect(reveal).toEqual({ A: writerA, B: writerB });
    await expect(nextButton).toBeVisible();
    await expect(answerA.getByRole('heading', { level: 2 })).toHaveText(`Answer A · ${writerA}`);
    await expect(answerB.getByRole('heading', { level: 2 })).toHaveText(`Answer B · ${writerB}`);
  }

  // Every cell has its one vote and both overlap items are rated: no pair with the third model comes next.
  await nextButton.click();
  await expect(invited.getByText('Thank you! You have rated every item available to you.')).toBeVisible();

  // A rater without the invite is served nothing from an invite-only campaign (and nothing else runs), and told why.
  const uninvited = await (await browser.newContext()).newPage();
  const refused = uninvited.waitForResponse((response) => pathOf(response.request()) === '/api/next');
  await uninvited.goto('/');
  expect(await (await refused).json()).toMatchObject({ status: 'closed', reason: 'invite_only' });
  await expect(uninvited.getByText('This evaluation is by invitation only: please open the invite link you were sent.')).toBeVisible();
  await expect(uninvited.getByRole('button', { name: /^A is better/ })).toHaveCount(0);

  // Paused on the organizer page: the invited rater gets a notice instead.
  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row.getByRole('cell')).toHaveText([/^\d+$/, inPlay.join(', '), '1', '—', '2', 'Yes', 'Paused', `${votes} / 3`, String(votes), /Resume/]);
  await invited.reload();
  await expect(invited.getByText('The evaluation is paused for now. Please come back later.')).toBeVisible();
  await expect(invited.getByRole('button', { name: /^A is better/ })).toHaveCount(0);

  // Finished: the rater is told so, and the campaign has no actions left.
  await row.getByRole('button', { name: 'Finish' }).click();
  await expect(row.getByRole('cell').nth(6)).toHaveText('Finished');
  await expect(row.getByRole('button')).toHaveCount(0);
  await invited.reload();
  await expect(invited.getByText('This evaluation has finished. Thank you for taking part!')).toBeVisible();

  await invited.context().close();
  await uninvited.context().close();
});
