import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createSqliteDb, type SqliteArenaDb } from '../../server/db/create-db.js';
import { migrateToLatest } from '../../server/db/migrate-to-latest.js';
import { TestRater } from '../helpers/rater.js';
import { storedTallies, talliesFromAssignments } from '../helpers/tallies.js';
import { sqliteOf, startTestApp, type TestApp } from '../helpers/test-app.js';

let arenaDb: SqliteArenaDb | undefined;
let t: TestApp | undefined;
afterEach(async () => {
  await arenaDb?.close();
  arenaDb = undefined;
  await t?.close();
  t = undefined;
});

const tableNames = (db: SqliteArenaDb) =>
  (db.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map(
    (row) => row.name,
  );

describe('migrations', () => {
  it('lists every file of migrations/ in index.ts, in name order', () => {
    const files = readdirSync(join(import.meta.dirname, '../../migrations'))
      .filter((file) => /^\d{4}-\d{2}-\d{2}-\d{3}-.+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it('migrate up, down and up again on an empty database', async () => {
    arenaDb = createSqliteDb({ url: ':memory:' });
    await migrateToLatest(arenaDb.db);
    expect(tableNames(arenaDb)).toContain('votes');
    for (const migration of Object.values(migrations).reverse()) await migration.down?.(arenaDb.db);
    expect(tableNames(arenaDb).filter((name) => !name.startsWith('kysely_'))).toEqual(['sqlite_sequence']);
    await sql`delete from kysely_migration`.execute(arenaDb.db);
    await migrateToLatest(arenaDb.db);
    expect(tableNames(arenaDb)).toContain('ratings');
  });

  it('counts the items already served on each cell when adding served_count', async () => {
    t = await startTestApp({ overlapItems: 0 });
    for (let r = 0; r < 3; r++) {
      const rater = new TestRater(t.app);
      for (let i = 0; i < 4; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
      await rater.nextAssignment(); // one left open: served, not voted
    }
    const db = sqliteOf(t.app);
    const perCell = 'select c.id, c.served_count as served, (select count(*) from assignments a where a.cell_id = c.id) as assigned from cells c order by c.id';
    const migration = migrations['2026-11-23-009-add-cell-served-count']!;
    await migration.down!(t.app.arenaDb.db);
    await migration.up(t.app.arenaDb.db);
    const rows = db.prepare(perCell).all() as { served: number; assigned: number }[];
    expect(rows.reduce((sum, row) => sum + row.served, 0)).toBe(15);
    for (const row of rows) expect(row.served).toBe(row.assigned);
  });

  it("counts each rater's items per set, served, voted and overlap voted, when adding rater_set_tallies", async () => {
    t = await startTestApp({ overlapItems: 2, overlapEvery: 2 });
    for (let r = 0; r < 3; r++) {
      const rater = new TestRater(t.app);
      for (let i = 0; i < 2 + r; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'B');
      if (r !== 1) await rater.nextAssignment(); // left open: served, not voted
    }
    const { db } = t.app.arenaDb;
    const migration = migrations['2026-11-23-010-create-rater-set-tallies']!;
    await migration.down!(db);
    await migration.up(db);
    const tallies = await storedTallies(db);
    expect(tallies.map(({ served, voted, overlapVoted }) => [served, voted, overlapVoted])).toEqual([
      [3, 2, 1],
      [3, 3, 2],
      [5, 4, 2],
    ]);
    expect(tallies).toEqual(await talliesFromAssignments(db));
  });

  it('leaves nothing behind when a migration fails halfway', async () => {
    arenaDb = createSqliteDb({ url: ':memory:' });
    const failing: Migration = {
      up: async (db) => {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        throw new Error('boom');
      },
    };
    const provider = { getMigrations: async () => ({ ...migrations, '9999-12-31-001-fails': failing }) };
    await expect(migrateToLatest(arenaDb.db, provider)).rejects.toThrow(/9999-12-31-001-fails failed: boom/);
    expect(tableNames(arenaDb).filter((name) => !name.startsWith('kysely_'))).toEqual([]);
  });
});
