import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteDb, StatementCachingDatabase, type SqliteArenaDb } from '../../server/db/create-db.js';
import { migrateToLatest } from '../../server/db/migrate-to-latest.js';
import { PerDatabaseCache } from '../../server/db/per-database-cache.js';

let dir: string;
let arenaDb: SqliteArenaDb;
let commits: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arena-group-commit-'));
  arenaDb = createSqliteDb({ url: join(dir, 'arena.db') });
  await migrateToLatest(arenaDb.db);
  commits = 0;
  const prepare = StatementCachingDatabase.prototype.prepare;
  vi.spyOn(StatementCachingDatabase.prototype, 'prepare').mockImplementation(function (this: StatementCachingDatabase, text: string) {
    if (text === 'commit') commits++;
    return prepare.call(this, text);
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await arenaDb.close();
  rmSync(dir, { recursive: true, force: true });
});

const addModel = (name: string) => (trx: SqliteArenaDb['db']) =>
  trx.insertInto('models').values({ name, description: null, created_at: '2026-11-23T00:00:00Z' }).execute();

const modelNames = () =>
  (arenaDb.sqlite.prepare('select name from models order by name').all() as { name: string }[]).map((row) => row.name);

describe('group commit (SQLite)', () => {
  it('commits transactions that finish in the same turn of the event loop together, each resolving after that commit', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `model-${i}`);
    await Promise.all(names.map((name) => arenaDb.db.transaction().execute(addModel(name))));
    expect(commits).toBe(1);
    expect(arenaDb.sqlite.inTransaction).toBe(false);
    expect(modelNames()).toEqual(names);
  });

  it('rolls back only the transaction that throws', async () => {
    const outcomes = await Promise.allSettled([
      arenaDb.db.transaction().execute(addModel('kept-1')),
      arenaDb.db.transaction().execute(async (trx) => {
        await addModel('undone')(trx);
        throw new Error('changed my mind');
      }),
      arenaDb.db.transaction().execute(addModel('kept-2')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(modelNames()).toEqual(['kept-1', 'kept-2']);
  });

  it('fails every transaction of a batch whose commit fails, and keeps none of their writes', async () => {
    const outcomes = await Promise.allSettled([
      arenaDb.db.transaction().execute(addModel('lost-1')),
      // A deferred foreign-key violation surfaces only when the batch commits.
      arenaDb.db.transaction().execute(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await trx.insertInto('raters').values({ token_hash: 'h', pseudonym: 'p', created_at: '2026-11-23T00:00:00Z' }).execute();
        await sql`insert into assignments (id, rater_id, cell_id, model_a_id, model_b_id, is_overlap, served_at) values ('x', 1, 999, 998, 997, 0, 'now')`.execute(trx);
      }),
      arenaDb.db.transaction().execute(addModel('lost-2')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(modelNames()).toEqual([]);
    // The connection is usable again.
    await arenaDb.db.transaction().execute(addModel('after'));
    expect(modelNames()).toEqual(['after']);
  });

  it('empties the caches of facts read in a batch whose commit fails: they were never committed', async () => {
    const names = new PerDatabaseCache<string, string>();
    const lastModel = (db: SqliteArenaDb['db']) =>
      names.get(db, 'last', async () => (await db.selectFrom('models').select('name').orderBy('id', 'desc').executeTakeFirst())?.name);
    const outcomes = await Promise.allSettled([
      arenaDb.db.transaction().execute(async (trx) => {
        await addModel('never-committed')(trx);
        return lastModel(trx);
      }),
      arenaDb.db.transaction().execute(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await sql`insert into assignments (id, rater_id, cell_id, model_a_id, model_b_id, is_overlap, served_at) values ('x', 999, 999, 998, 997, 0, 'now')`.execute(trx);
      }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await addModel('committed')(arenaDb.db);
    expect(await lastModel(arenaDb.db)).toBe('committed');
  });

  it('fails every transaction of a batch that SQLite rolled back by itself, and goes on with a new one', async () => {
    const outcomes = await Promise.allSettled([
      arenaDb.db.transaction().execute(addModel('lost')),
      // What SQLite does after a disk-full or I/O error: the whole transaction is gone, the batch's earlier writes too.
      arenaDb.db.transaction().execute(async (trx) => {
        await addModel('also-lost')(trx);
        arenaDb.sqlite.exec('rollback');
      }),
      arenaDb.db.transaction().execute(addModel('in-a-new-batch')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(modelNames()).toEqual(['in-a-new-batch']);
    expect(arenaDb.sqlite.inTransaction).toBe(false);
  });

  it('commits the open batch before a query outside any transaction runs, so it never reads uncommitted writes', async () => {
    const adding = arenaDb.db.transaction().execute(addModel('first'));
    const seenInTransaction: boolean[] = [];
    const rows = await arenaDb.db
      .selectFrom('models')
      .select('name')
      .execute()
      .finally(() => seenInTransaction.push(arenaDb.sqlite.inTransaction));
    expect(seenInTransaction).toEqual([false]);
    expect(rows.map((row) => row.name)).toEqual(['first']);
    await adding;
    expect(commits).toBe(1);
  });

  it('streams rows outside a transaction after committing the open batch', async () => {
    const adding = arenaDb.db.transaction().execute(addModel('streamed'));
    const names: string[] = [];
    for await (const row of arenaDb.db.selectFrom('models').select('name').stream()) {
      names.push(row.name);
      expect(arenaDb.sqlite.inTransaction).toBe(false);
    }
    expect(names).toEqual(['streamed']);
    await adding;
  });

  it('commits a long burst in batches of at most 64 transactions', async () => {
    await Promise.all(Array.from({ length: 130 }, (_, i) => arenaDb.db.transaction().execute(addModel(`m-${String(i).padStart(3, '0')}`))));
    expect(commits).toBe(3);
    expect(modelNames()).toHaveLength(130);
  });
});
