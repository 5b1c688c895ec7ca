#!/usr/bin/env node
import SqliteDatabase from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDb, isPostgresUrl, sqliteFileOf, type ArenaDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate-to-latest.js';
import { readEnvConfig } from './config.js';
import { ArenaError } from './errors.js';
import { systemRuntime } from './runtime.js';
import { readQuestionSetPath } from './services/question-set-upload.js';
import { importQuestionSet } from './services/question-sets.js';

const USAGE = `usage: arena <command>

commands:
  migrate        run pending database migrations on DATABASE_URL (default ./data/arena.db)
  backup FILE    copy the live SQLite database at DATABASE_URL to FILE with SQLite's online backup (safe while the
                 server runs); restore by stopping the server and putting FILE in place of the database file
  import PATH    validate a question set and import it into DATABASE_URL; prints every problem and exits 1 on any.
                 PATH: a question-set .json, a .zip, or a folder in FastChat's MT-Bench layout`;

async function withDb<T>(work: (arenaDb: ArenaDb) => Promise<T>): Promise<T> {
  const env = readEnvConfig(process.env);
  const arenaDb = createDb({ url: env.DATABASE_URL, synchronous: env.SQLITE_SYNCHRONOUS, namedStatements: env.DATABASE_NAMED_STATEMENTS });
  try {
    return await work(arenaDb);
  } finally {
    await arenaDb.close();
  }
}

async function migrate(): Promise<void> {
  await withDb(async ({ db }) => {
    const result = await migrateToLatest(db);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    console.log(applied.length === 0 ? 'already up to date' : `applied: ${applied.join(', ')}`);
  });
}

async function importSet(path: string | undefined): Promise<void> {
  if (path === undefined) throw new ArenaError(400, 'USAGE', 'arena import needs a file path');
  const env = readEnvConfig(process.env);
  const set = await readQuestionSetPath(path, env.ARENA_UPLOAD_LIMIT_MB * 1024 * 1024);
  await withDb(async ({ db }) => {
    await migrateToLatest(db);
    const result = await importQuestionSet(db, systemRuntime, set, { overlapItems: env.ARENA_OVERLAP_ITEMS });
    console.log(
      result.created
        ? `imported "${result.slug}" version ${result.version}: ${result.questions} questions, ${result.models} models, ${result.cells} cells, ${result.overlapCells} overlap items`
        : result.servedAgain
          ? `"${result.slug}" version ${result.version} holds this content and was archived: it is served again in place of the newer version`
          : `"${result.slug}" version ${result.version} already holds this content: nothing imported`,
    );
  });
}

/** SQLite's online backup asks for the pages to copy per step; all of them at once (see `backup`). */
const EVERY_PAGE = 0x7fffffff;

async function backup(target: string | undefined): Promise<void> {
  if (target === undefined) throw new ArenaError(400, 'USAGE', 'arena backup needs a target file');
  const url = readEnvConfig(process.env).DATABASE_URL;
  if (isPostgresUrl(url)) throw new ArenaError(400, 'NOT_SQLITE', 'arena backup copies SQLite files; on PostgreSQL use pg_dump');
  const file = sqliteFileOf(url);
  // Opened as it is, never created: a wrong path or directory must fail, not back up a new empty database.
  if (file === ':memory:' || !existsSync(file)) throw new ArenaError(400, 'NO_DATABASE', `no database at ${resolve(file)} (DATABASE_URL)`);
  const sqlite = new SqliteDatabase(file, { fileMustExist: true });
  try {
    const migrated = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (migrated === undefined) throw new ArenaError(400, 'NOT_AN_ARENA', `${resolve(file)} is not an arena database (no migrations)`);
    const started = Date.now();
    // In one step: SQLite starts a stepwise backup over whenever another connection commits between two steps, so
    // under steady votes a large database never finished. One step holds a read snapshot, which in WAL mode keeps
    // nobody from writing.
    const { totalPages } = await sqlite.backup(target, { progress: () => EVERY_PAGE });
    console.log(`backed up ${totalPages} pages to ${target} in ${Date.now() - started} ms`);
  } finally {
    sqlite.close();
  }
}

function report(error: unknown, path: string | undefined): void {
  if (error instanceof ArenaError) {
    console.error(`${path ?? 'arena'}: ${error.message}`);
    for (const detail of error.details ?? []) {
      console.error(`  ${path ?? ''}${detail.line === undefined ? '' : `:${detail.line}`}  ${detail.field}: ${detail.reason}`);
    }
  } else {
    console.error(`arena: ${(error as Error).message}`);
  }
}

const [command, argument] = process.argv.slice(2);
try {
  if (command === 'migrate') await migrate();
  else if (command === 'import') await importSet(argument);
  else if (command === 'backup') await backup(argument);
  else {
    console.error(command === undefined ? USAGE : `unknown command "${command}"\n\n${USAGE}`);
    process.exitCode = 2;
  }
} catch (error) {
  report(error, command === 'import' ? argument : undefined);
  process.exitCode = 1;
}
