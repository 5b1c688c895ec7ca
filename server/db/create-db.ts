import SqliteDatabase from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { startBackgroundCheckpoint, type BackgroundCheckpoint } from './background-checkpoint.js';
import { GroupCommitSqliteDriver } from './group-commit-driver.js';
import { PerDatabaseCache } from './per-database-cache.js';
import { registerDirectStatements, statementNameOf } from './prepared-query.js';

/** SQLite runs DDL inside transactions; telling kysely so makes every migration atomic (kysely#56). */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ArenaSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: KyselySqliteDatabase,
    private readonly sqlite: SqliteDatabase.Database,
    private readonly groupCommit: boolean,
  ) {
    super({ database });
  }

  readonly #adapter = new TransactionalDdlSqliteAdapter();

  override createAdapter() {
    return this.#adapter;
  }

  override createDriver() {
    if (!this.groupCommit) return super.createDriver();
    return new GroupCommitSqliteDriver(
      this.database,
      () => this.sqlite.inTransaction,
      () => PerDatabaseCache.forgetDatabase(this.#adapter),
    );
  }
}

/**
 * Kysely's SQLite driver calls `prepare` for every query; preparing is most of the cost of a small statement.
 * Statements are cached by their compiled SQL, which kysely produces with parameters, never inlined values.
 */
export class StatementCachingDatabase implements KyselySqliteDatabase {
  readonly #cache = new Map<string, SqliteDatabase.Statement>();

  constructor(
    readonly raw: SqliteDatabase.Database,
    private readonly maxStatements = 500,
  ) {}

  prepare(sql: string): SqliteDatabase.Statement {
    let statement = this.#cache.get(sql);
    if (statement === undefined) {
      statement = this.raw.prepare(sql);
      if (this.#cache.size >= this.maxStatements) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#cache.clear();
    this.raw.close();
  }
}

const columnNamesOf = new WeakMap<SqliteDatabase.Statement, string[]>();

/**
 * A statement's rows as objects, read as arrays and keyed here: better-sqlite3 builds an object property by property
 * in C++, which took a third of the scheduler's 16-row candidate read. A later column of the same name wins, as there.
 */
function readRows(statement: SqliteDatabase.Statement, parameters: readonly unknown[]): Record<string, unknown>[] {
  let names = columnNamesOf.get(statement);
  if (names === undefined) columnNamesOf.set(statement, (names = statement.columns().map((column) => column.name)));
  // The statement is shared with kysely's driver, which expects objects: raw mode lasts for this one call.
  statement.raw(true);
  let rows: unknown[][];
  try {
    rows = statement.all(parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) row[names[i]!] = values[i];
    return row;
  });
}

interface ArenaDbBase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

export interface SqliteArenaDb extends ArenaDbBase {
  kind: 'sqlite';
  /** The raw SQLite handle, for the online backup API and for tests that dump the database. */
  sqlite: SqliteDatabase.Database;
}

export interface PostgresArenaDb extends ArenaDbBase {
  kind: 'postgres';
  /** For LISTEN/NOTIFY, which needs a connection of its own. */
  connectionString: string;
}

export type ArenaDb = SqliteArenaDb | PostgresArenaDb;

export interface CreateDbOptions {
  /** A SQLite file path (or ':memory:'), or a postgres:// URL. */
  url: string;
  /** SQLite `synchronous`: NORMAL survives a process crash in WAL mode; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  cacheStatements?: boolean;
  /** SQLite: transactions finishing in the same turn of the event loop share one commit (default true). */
  groupCommit?: boolean;
  /** PostgreSQL: run prepared queries as named statements, parsed once per connection (default true). */
  namedStatements?: boolean;
  /** Checkpoint the SQLite write-ahead log from a worker thread (default) instead of inside commits. */
  backgroundCheckpoint?: boolean;
  /** Told when a background checkpoint fails (commits still checkpoint when the log grows long). */
  onBackgroundError?: (message: string) => void;
}

/** With background checkpoints, a commit checkpoints only when the log is this long (pages, about 40 MB). */
const LOG_PAGES_BEFORE_RESTART = 10_000;

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export function createDb(options: CreateDbOptions): ArenaDb {
  if (isPostgresUrl(options.url)) return createPostgresDb(options.url, options.namedStatements ?? true);
  return createSqliteDb(options);
}

function createPostgresDb(connectionString: string, namedStatements: boolean): PostgresArenaDb {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection the server drops (restart, failover) is replaced on the next query; it must not crash us.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatements ? namingStatements(pool) : pool }) });
  return { db, kind: 'postgres', connectionString, close: () => db.destroy() };
}

/**
 * PostgreSQL parses and plans every unnamed statement anew, which was a good part of its CPU per vote: the prepared
 * queries of the hot path run as named statements instead, which node-postgres parses once per connection.
 */
function namingStatements(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = (sqlOrCursor: unknown, parameters?: readonly unknown[]) => {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as pg.Submittable);
        const values = [...(parameters ?? [])];
        const name = statementNameOf(sqlOrCursor);
        return name === undefined ? client.query(sqlOrCursor, values) : client.query({ name, text: sqlOrCursor, values });
      };
      return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
    },
    end: () => pool.end(),
  };
}

/** The file a SQLite DATABASE_URL names (a `file:` prefix allowed). */
export const sqliteFileOf = (url: string) => (url.startsWith('file:') ? url.slice('file:'.length) : url);

export function createSqliteDb(options: CreateDbOptions): SqliteArenaDb {
  const file = sqliteFileOf(options.url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  let checkpoint: BackgroundCheckpoint | null = null;
  if (file !== ':memory:' && options.backgroundCheckpoint !== false) {
    sqlite.pragma(`wal_autocheckpoint = ${LOG_PAGES_BEFORE_RESTART}`);
    sqlite.pragma(`journal_size_limit = ${LOG_PAGES_BEFORE_RESTART * 4096 * 2}`);
    checkpoint = startBackgroundCheckpoint(file, (message) => options.onBackgroundError?.(message));
  }
  const database: KyselySqliteDatabase =
    options.cacheStatements === false ? sqlite : new StatementCachingDatabase(sqlite);
  const db = new Kysely<Database>({ dialect: new ArenaSqliteDialect(database, sqlite, options.groupCommit ?? true) });
  registerDirectStatements(db, {
    run(sql, parameters) {
      const statement = database.prepare(sql) as SqliteDatabase.Statement;
      if (statement.reader) return { rows: readRows(statement, parameters), changes: 0 };
      return { rows: [], changes: statement.run(parameters).changes };
    },
  });
  return {
    db,
    kind: 'sqlite',
    sqlite,
    close: async () => {
      await checkpoint?.stop();
      await db.destroy();
    },
  };
}
