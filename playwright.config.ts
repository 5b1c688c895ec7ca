import { defineConfig } from '@playwright/test';

/**
 * Three servers: the arena with the default question set, one serving only hostile content, and one of its own for
 * the campaign spec (a campaign changes what every rater of its server is served, so it must not share the first).
 */
export const ARENA_URL = 'http://127.0.0.1:3099';
export const HOSTILE_URL = 'http://127.0.0.1:3098';
export const CAMPAIGN_URL = 'http://127.0.0.1:3097';
export const RESEARCH_TOKEN = 'e2e-research-token-0123456789';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

const server = (port: number, name: string, questions: string) => ({
  // A fresh database each run; specs still never assume it is empty, since the servers are shared by all of them.
  command: `rm -f test-results/${name}.db* && node dist/server/main.js`,
  url: `http://127.0.0.1:${port}/api/health`,
  reuseExistingServer: false,
  timeout: 60_000,
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `test-results/${name}.db`,
    ARENA_QUESTIONS: questions,
    LOG_LEVEL: 'warn',
    ARENA_RESEARCH_TOKEN: RESEARCH_TOKEN,
    ARENA_ADMIN_TOKEN: ADMIN_TOKEN,
  },
});

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Not test-results/ itself: Playwright empties its output folder, and vitest's report lives there too.
  outputDir: 'test-results/playwright-artifacts',
  reporter: process.env['CI'] ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : [['list']],
  use: {
    baseURL: ARENA_URL,
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    server(3099, 'e2e-arena', 'questions/default.json'),
    server(3098, 'e2e-hostile', 'test/fixtures/question-sets/hostile.json'),
    server(3097, 'e2e-campaign', 'questions/default.json'),
  ],
});
