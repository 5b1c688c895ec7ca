import type { Kysely } from 'kysely';
import type { Database, QuestionSetTable } from '../db/database.js';
import type { Insertable, Selectable } from 'kysely';

export type QuestionSetRow = Selectable<QuestionSetTable>;

export async function findSetBySlugAndHash(db: Kysely<Database>, slug: string, contentHash: string) {
  return db
    .selectFrom('question_sets')
    .selectAll()
    .where('slug', '=', slug)
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
}

export async function latestSetVersion(db: Kysely<Database>, slug: string): Promise<number> {
  const row = await db
    .selectFrom('question_sets')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('slug', '=', slug)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function insertSet(db: Kysely<Database>, set: Insertable<QuestionSetTable>): Promise<number> {
  const row = await db.insertInto('question_sets').values(set).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A new version of a set replaces the old ones in the arena; their votes stay attached to them. */
export async function archiveOtherVersions(db: Kysely<Database>, slug: string, keepId: number): Promise<void> {
  await db
    .updateTable('question_sets')
    .set({ status: 'archived' })
    .where('slug', '=', slug)
    .where('id', '!=', keepId)
    .execute();
}

export async function countSets(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('question_sets')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listActiveSets(db: Kysely<Database>): Promise<QuestionSetRow[]> {
  return db.selectFrom('question_sets').selectAll().where('status', '=', 'active').orderBy('id').execute();
}
