import type SqliteDatabase from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import type { AppConfig } from '../../server/config.js';
import { systemRuntime, type Runtime } from '../../server/runtime.js';
import { seededRandom } from './random.js';

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const RESEARCH_TOKEN = 'research-token-for-tests-0123456789';
export const TINY_SET = join(import.meta.dirname, '../fixtures/question-sets/tiny.json');

export interface TestApp {
  app: FastifyInstance;
  dbFile: string;
  close(): Promise<void>;
}

/** The settings tests run with: the tiny set, two overlap items, known tokens, no rate limits, no logs. */
export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl,
    sqliteSynchronous: 'NORMAL',
    defaultQuestionSetPath: TINY_SET,
    overlapItems: 2,
    overlapEvery: 2,
    cookieSecure: false,
    uploadLimitBytes: 1024 * 1024,
    allowedOrigins: [],
    rateLimits: null,
    roles: { adminToken: ADMIN_TOKEN, researchToken: RESEARCH_TOKEN, resultsPublic: false },
    clientDir: null,
    logLevel: 'silent',
    ...overrides,
  };
}

/** A real app on a fresh, migrated SQLite file in a temporary folder; removed by close(). */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  runtime: Partial<Runtime> = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'arena-test-'));
  const dbFile = join(dir, 'arena.db');
  const app = await buildApp(testConfig(dbFile, overrides), {
    logger: false,
    runtime: { ...systemRuntime, random: seededRandom(42), ...runtime },
  });
  return {
    app,
    dbFile,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table, in a stable order: compare before and after to prove a request changed nothing. */
/** The raw SQLite handle of a test app (tests run on SQLite unless they say otherwise). */
export function sqliteOf(app: FastifyInstance): SqliteDatabase.Database {
  if (app.arenaDb.kind !== 'sqlite') throw new Error('this test needs SQLite');
  return app.arenaDb.sqlite;
}

export function dumpDb(app: FastifyInstance): string {
  const sqlite = sqliteOf(app);
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  return tables
    .map(({ name }) => `${name}: ${JSON.stringify(sqlite.prepare(`select * from "${name}" order by 1, 2`).all())}`)
    .join('\n');
}
