import type { Insertable, Kysely } from 'kysely';
import type { AnswerTable, CellTable, Database, QuestionTable } from '../db/database.js';

// SQLite allows 32,766 bound parameters per statement; rows here have at most 8 columns.
const ROWS_PER_INSERT = 1000;

async function insertInChunks<T extends 'questions' | 'answers' | 'cells'>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely cannot narrow a table union in values()
    await db.insertInto(table).values(rows.slice(start, start + ROWS_PER_INSERT) as any).execute();
  }
}

export async function insertQuestions(
  db: Kysely<Database>,
  setId: number,
  questions: readonly Insertable<QuestionTable>[],
): Promise<Map<string, number>> {
  await insertInChunks(db, 'questions', questions);
  const rows = await db.selectFrom('questions').select(['id', 'external_id']).where('set_id', '=', setId).execute();
  return new Map(rows.map((row) => [row.external_id, row.id]));
}

export const insertAnswers = (db: Kysely<Database>, answers: readonly Insertable<AnswerTable>[]) =>
  insertInChunks(db, 'answers', answers);

export const insertCells = (db: Kysely<Database>, cells: readonly Insertable<CellTable>[]) =>
  insertInChunks(db, 'cells', cells);
