import type { Kysely } from 'kysely';
import type { Database, QuestionSetTable } from '../db/database.js';
import { onPostgres } from '../db/dialect.js';
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

/**
 * A set version's status, or undefined if there is none. On PostgreSQL the row stays share-locked until the
 * transaction ends, so an import archiving it waits, and then sees what this transaction wrote.
 */
export async function lockedSetStatus(db: Kysely<Database>, id: number): Promise<QuestionSetRow['status'] | undefined> {
  let query = db.selectFrom('question_sets').select('status').where('id', '=', id);
  if (onPostgres(db)) query = query.forShare();
  return (await query.executeTakeFirst())?.status;
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

/** One version of a set is the one the arena serves; the others are archived, their votes staying attached to them. */
export async function makeCurrentVersion(db: Kysely<Database>, slug: string, currentId: number): Promise<void> {
  await db.updateTable('question_sets').set({ status: 'archived' }).where('slug', '=', slug).where('id', '!=', currentId).execute();
  await db.updateTable('question_sets').set({ status: 'active' }).where('id', '=', currentId).execute();
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

/** Every set version with its counts, newest first. */
export async function listSetSummaries(db: Kysely<Database>, onlySetId?: number) {
  let query = db
    .selectFrom('question_sets as s')
    .select((eb) => [
      's.id',
      's.slug',
      's.name',
      's.version',
      's.status',
      's.created_at as createdAt',
      eb.selectFrom('questions as q').select((sub) => sub.fn.countAll<number>().as('n')).whereRef('q.set_id', '=', 's.id').as('questions'),
      eb
        .selectFrom('answers as a')
        .innerJoin('questions as q', 'q.id', 'a.question_id')
        .select((sub) => sub.fn.count<number>('a.model_id').distinct().as('n'))
        .whereRef('q.set_id', '=', 's.id')
        .as('models'),
      eb.selectFrom('cells as c').select((sub) => sub.fn.countAll<number>().as('n')).whereRef('c.set_id', '=', 's.id').as('cells'),
      eb
        .selectFrom('cells as c')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('c.set_id', '=', 's.id')
        .where('c.is_overlap', '=', 1)
        .as('overlapCells'),
      eb.selectFrom('votes as v').select((sub) => sub.fn.countAll<number>().as('n')).whereRef('v.set_id', '=', 's.id').as('votes'),
    ])
    .orderBy('s.id', 'desc');
  if (onlySetId !== undefined) query = query.where('s.id', '=', onlySetId);
  const rows = await query.execute();
  const names = await modelNamesBySet(db, onlySetId);
  return rows.map((row) => ({
    ...row,
    questions: Number(row.questions ?? 0),
    models: Number(row.models ?? 0),
    modelNames: names.get(row.id) ?? [],
    cells: Number(row.cells ?? 0),
    overlapCells: Number(row.overlapCells ?? 0),
    votes: Number(row.votes ?? 0),
  }));
}

async function modelNamesBySet(db: Kysely<Database>, onlySetId?: number): Promise<Map<number, string[]>> {
  let query = db
    .selectFrom('answers as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .innerJoin('models as m', 'm.id', 'a.model_id')
    .select(['q.set_id as setId', 'm.name'])
    .distinct()
    .orderBy('m.name');
  if (onlySetId !== undefined) query = query.where('q.set_id', '=', onlySetId);
  const names = new Map<number, string[]>();
  for (const row of await query.execute()) names.set(row.setId, [...(names.get(row.setId) ?? []), row.name]);
  return names;
}

/** Everything needed to write a stored set version back out as a file. */
export async function loadSetForExport(db: Kysely<Database>, setId: number) {
  const set = await db.selectFrom('question_sets').selectAll().where('id', '=', setId).executeTakeFirst();
  if (!set) return null;
  const questions = await db
    .selectFrom('questions')
    .select(['id', 'external_id', 'category', 'language', 'turns_json'])
    .where('set_id', '=', setId)
    .orderBy('position')
    .execute();
  const answers = await db
    .selectFrom('answers as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .innerJoin('models as m', 'm.id', 'a.model_id')
    .select(['a.question_id', 'm.name as model', 'm.description', 'a.turns_json'])
    .where('q.set_id', '=', setId)
    .execute();
  return { set, questions, answers };
}
