import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createSqliteDb, type ArenaDb } from '../../server/db/create-db.js';
import { migrateToLatest } from '../../server/db/migrate-to-latest.js';
import { PerDatabaseCache } from '../../server/db/per-database-cache.js';
import { literalLimit, prepare, type Param } from '../../server/db/prepared-query.js';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../helpers/postgres.js';

const insertModel = prepare((db, param: Param<{ name: string; createdAt: string }>) =>
  db.insertInto('models').values({ name: param('name'), description: null, created_at: param('createdAt') }).returning('id'),
);
const modelsNamed = prepare((db, param: Param<{ first: string; second: string }>) =>
  db.selectFrom('models').select(['id', 'name']).where('name', 'in', [param('first'), param('second')]).orderBy('name'),
);
const renameModel = prepare((db, param: Param<{ from: string; to: string }>) =>
  db.updateTable('models').set({ name: param('to') }).where('name', '=', param('from')),
);
/** A constant compiled into the query: it must stay where kysely put it among the named parameters. */
const describedModels = prepare((db, param: Param<{ name: string }>) =>
  db.selectFrom('models').select('name').where('description', '=', 'fixed').where('name', '=', param('name')),
);

const firstTwoModels = prepare((db) => db.selectFrom('models').select('name').orderBy('name').limit(literalLimit(2)));

function preparedQueryBehaviour(open: () => Promise<{ arenaDb: ArenaDb; cleanUp(): Promise<void> }>) {
  let arenaDb: ArenaDb;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ arenaDb, cleanUp } = await open());
    await migrateToLatest(arenaDb.db);
  });
  afterAll(async () => cleanUp());

  it('runs with each call its own values, outside and inside transactions', async () => {
    const { db } = arenaDb;
    const first = await insertModel.first(db, { name: 'alpha', createdAt: '2026-01-01T00:00:00Z' });
    await db.transaction().execute(async (trx) => {
      await insertModel.rows(trx, { name: 'beta', createdAt: '2026-01-02T00:00:00Z' });
    });
    expect(first?.id).toBeGreaterThan(0);
    expect((await modelsNamed.rows(db, { first: 'beta', second: 'alpha' })).map((row) => row.name)).toEqual(['alpha', 'beta']);
    expect(await renameModel.run(db, { from: 'alpha', to: 'gamma' })).toBe(1);
    expect(await renameModel.run(db, { from: 'nobody', to: 'nothing' })).toBe(0);
    await db.updateTable('models').set({ description: 'fixed' }).where('name', '=', 'gamma').execute();
    expect(await describedModels.rows(db, { name: 'gamma' })).toEqual([{ name: 'gamma' }]);
    expect(await describedModels.rows(db, { name: 'beta' })).toEqual([]);
  });

  it('runs inside the transaction it is given: its writes roll back with it and it sees the uncommitted ones', async () => {
    const { db } = arenaDb;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertModel.rows(trx, { name: 'delta', createdAt: '2026-01-03T00:00:00Z' });
        expect(await modelsNamed.rows(trx, { first: 'delta', second: 'delta' })).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await modelsNamed.rows(db, { first: 'delta', second: 'delta' })).toEqual([]);
  });

  it('gives the same row objects inside a transaction (run directly on SQLite) as outside it (through kysely)', async () => {
    const { db } = arenaDb;
    const outside = await modelsNamed.rows(db, { first: 'beta', second: 'gamma' });
    const inside = await db.transaction().execute((trx) => modelsNamed.rows(trx, { first: 'beta', second: 'gamma' }));
    expect(inside).toEqual(outside);
    expect(outside.map((row) => Object.keys(row))).toEqual([['id', 'name'], ['id', 'name']]);
    // And the statement the transaction used still answers kysely's driver with objects afterwards.
    expect(await modelsNamed.rows(db, { first: 'beta', second: 'gamma' })).toEqual(outside);
  });

  it('write a constant LIMIT into the SQL, not as a parameter (SQLite prepares a bound LIMIT again on every run)', async () => {
    const { db } = arenaDb;
    const compiled = db.selectFrom('models').select('name').limit(literalLimit(2)).compile();
    expect(compiled.sql).toMatch(/ limit 2$/);
    expect(compiled.parameters).toEqual([]);
    await insertModel.run(db, { name: 'omega', createdAt: '2026-01-04T00:00:00Z' });
    await insertModel.run(db, { name: 'aardvark', createdAt: '2026-01-04T00:00:00Z' });
    const names = (await db.selectFrom('models').select('name').orderBy('name').execute()).map((row) => row.name);
    expect(names.length).toBeGreaterThan(2);
    expect((await firstTwoModels.rows(db, {})).map((row) => row.name)).toEqual(names.slice(0, 2));
    expect((await db.transaction().execute((trx) => firstTwoModels.rows(trx, {}))).map((row) => row.name)).toEqual(names.slice(0, 2));
    expect(() => literalLimit(1.5)).toThrow(/non-negative integer/);
    expect(() => literalLimit(-1)).toThrow(/non-negative integer/);
  });
}

describe('prepared queries on SQLite', () => {
  preparedQueryBehaviour(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-prepared-'));
    const arenaDb = createDb({ url: join(dir, 'arena.db') });
    return { arenaDb, cleanUp: async () => (await arenaDb.close(), rmSync(dir, { recursive: true, force: true })) };
  });
});

describe.runIf(TEST_DATABASE_URL)('prepared queries on PostgreSQL', () => {
  preparedQueryBehaviour(async () => {
    const database = await freshPostgresDatabase();
    const arenaDb = createDb({ url: database.url });
    return { arenaDb, cleanUp: async () => (await arenaDb.close(), await database.drop()) };
  });

  /** The statements PostgreSQL keeps prepared on the connection that ran two prepared queries and an ad-hoc one. */
  async function preparedAfterQueries(namedStatements?: boolean): Promise<string[]> {
    const database = await freshPostgresDatabase();
    const arenaDb = createDb({ url: database.url, namedStatements });
    try {
      await migrateToLatest(arenaDb.db);
      return await arenaDb.db.transaction().execute(async (trx) => {
        await modelsNamed.rows(trx, { first: 'a', second: 'b' });
        await modelsNamed.rows(trx, { first: 'c', second: 'd' });
        await trx.selectFrom('models').select('name').where('name', '=', 'ad hoc').execute();
        const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
        return rows.map((row) => row.statement);
      });
    } finally {
      await arenaDb.close();
      await database.drop();
    }
  }

  it('run as named statements, parsed once per connection; other queries stay unnamed', async () => {
    const prepared = await preparedAfterQueries();
    expect(prepared.filter((statement) => statement.includes('"name" in ($1, $2)'))).toHaveLength(1);
    expect(prepared.some((statement) => statement.includes('"name" = $1'))).toBe(false);
  });

  it('stay unnamed when named statements are switched off (DATABASE_NAMED_STATEMENTS=false, for poolers)', async () => {
    expect(await preparedAfterQueries(false)).toEqual([]);
  });
});

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file without a checkpoint on the serving connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-checkpoint-'));
    const file = join(dir, 'arena.db');
    const arenaDb = createSqliteDb({ url: file });
    try {
      arenaDb.sqlite.exec('create table filler (text text not null)');
      const before = statSync(file).size;
      const insert = arenaDb.sqlite.prepare('insert into filler (text) values (?)');
      for (let i = 0; i < 200; i++) insert.run('x'.repeat(2000));
      // 200 rows of 2 kB are far below the serving connection's autocheckpoint: only the worker copies them.
      for (let waited = 0; statSync(file).size < before + 200 * 2000 && waited < 5000; waited += 50) {
        await new Promise((wait) => setTimeout(wait, 50));
      }
      expect(statSync(file).size).toBeGreaterThanOrEqual(before + 200 * 2000);
    } finally {
      await arenaDb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('per-database caches', () => {
  it('keep databases apart, remember no missing value, and drop the oldest entries past their size', async () => {
    const first = createSqliteDb({ url: ':memory:' });
    const second = createSqliteDb({ url: ':memory:' });
    try {
      const cache = new PerDatabaseCache<string, number>({ maxEntries: 2 });
      let loads = 0;
      const load = (value: number | undefined) => async () => (loads++, value);
      expect(await cache.get(first.db, 'a', load(1))).toBe(1);
      expect(await cache.get(first.db, 'a', load(99))).toBe(1);
      expect(await cache.get(second.db, 'a', load(2))).toBe(2);
      expect(await cache.get(first.db, 'missing', load(undefined))).toBeUndefined();
      expect(await cache.get(first.db, 'missing', load(3))).toBe(3);
      // 'a' and 'missing' fill the first database's two places: 'b' pushes out 'a', the oldest.
      expect(await cache.get(first.db, 'b', load(4))).toBe(4);
      expect(await cache.get(first.db, 'a', load(5))).toBe(5);
      expect(loads).toBe(6);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('drop the oldest entries past their total weight, and never keep one heavier than that', async () => {
    const database = createSqliteDb({ url: ':memory:' });
    try {
      const cache = new PerDatabaseCache<string, string>({ maxWeight: 10, weigh: (text) => text.length });
      const loaded: string[] = [];
      const get = (key: string, text: string) => cache.get(database.db, key, async () => (loaded.push(key), text));
      await get('a', 'xxxx');
      await get('b', 'xxxx');
      await get('a', 'xxxx');
      expect(loaded).toEqual(['a', 'b']);
      // 4 + 4 + 4 > 10: 'a', the oldest, goes.
      await get('c', 'xxxx');
      await get('b', 'xxxx');
      await get('a', 'xxxx');
      expect(loaded).toEqual(['a', 'b', 'c', 'a']);
      // Heavier than the whole bound: returned, not kept, and nothing else pushed out.
      expect(await get('huge', 'x'.repeat(11))).toHaveLength(11);
      await get('huge', 'x'.repeat(11));
      await get('a', 'xxxx');
      expect(loaded).toEqual(['a', 'b', 'c', 'a', 'huge', 'huge']);
    } finally {
      await database.close();
    }
  });
});
