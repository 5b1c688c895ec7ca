import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { TestRater } from '../helpers/rater.js';
import { sqliteOf, startTestApp, TINY_SET } from '../helpers/test-app.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arena-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function arena(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: join(dir, 'arena.db') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('arena import', () => {
  it('imports a set, then says a second import of the same content changed nothing', async () => {
    const first = await arena('import', TINY_SET);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/imported "tiny" version 1: 4 questions, 3 models, 12 cells/);
    const second = await arena('import', TINY_SET);
    expect(second.stdout).toMatch(/already holds this content: nothing imported/);
  });

  it('prints every problem with file, line and field, and exits 1', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(TINY_SET, 'utf8').replace('"model-z": ["5"]', '"model-q": ["5"]'));
    const result = await arena('import', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:16  questions.0.answers: no answer from model "model-z"`);
    expect(result.stderr).toContain(`${bad}:16  questions.0.answers.model-q: answer from undeclared model "model-q"`);
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    const result = await arena('import', latin1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not UTF-8 text');
  });
});

describe('arena import of an MT-Bench folder', () => {
  it('imports question.jsonl with model_answer/*.jsonl, named after the folder', async () => {
    const result = await arena('import', join(root, 'test/fixtures/mt-bench-layout'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/imported "mt-bench-layout" version 1: 3 questions, 2 models, 3 cells/);
  });
});

/** Runs `arena backup` of a live test app's database into `file` in the test's folder; the copy, checked whole. */
async function backupOf(live: { dbFile: string }, file: string): Promise<Database.Database> {
  const target = join(dir, file);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'backup', target], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: live.dbFile },
  });
  expect(stdout).toMatch(/^backed up \d+ pages to /);
  const copy = new Database(target, { readonly: true });
  expect(copy.prepare('pragma integrity_check').get()).toEqual({ integrity_check: 'ok' });
  return copy;
}

describe('arena backup', () => {
  it('copies a database while the server is using it, votes included', async () => {
    const live = await startTestApp();
    try {
      const rater = new TestRater(live.app);
      for (let i = 0; i < 3; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
      const copy = await backupOf(live, 'copy.db');
      expect(copy.prepare('select count(*) as n from votes').get()).toEqual({ n: 3 });
      copy.close();
    } finally {
      await live.close();
    }
  });

  it('finishes on a large database that takes commits all the while', async () => {
    const live = await startTestApp();
    const sqlite = sqliteOf(live.app);
    sqlite.exec('create table filler (id integer primary key, bytes blob)');
    const insert = sqlite.prepare('insert into filler (bytes) values (randomblob(3000))');
    sqlite.transaction(() => {
      for (let i = 0; i < 4000; i++) insert.run();
    })();
    // A commit every millisecond or so: a stepwise backup started over after each one and never finished.
    const writer = setInterval(() => insert.run(), 1);
    try {
      const copy = await backupOf(live, 'busy-copy.db');
      expect((copy.prepare('select count(*) as n from filler').get() as { n: number }).n).toBeGreaterThanOrEqual(4000);
      copy.close();
    } finally {
      clearInterval(writer);
      await live.close();
    }
  });

  it('refuses a database that is not there, and creates none', async () => {
    const result = await arena('backup', join(dir, 'copy.db'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no database at ${join(dir, 'arena.db')}`);
    expect(existsSync(join(dir, 'arena.db'))).toBe(false);
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
  });
});
