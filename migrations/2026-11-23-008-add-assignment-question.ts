import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/**
 * Each assignment keeps its cell's set and question (facts of a cell that never change), so the item request reads a
 * rater's history from one covering index instead of joining every served item to its cell: the rater's tally and the
 * questions already seen cost one index range, however long the history.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('assignments').addColumn('set_id', 'integer').execute();
  await db.schema.alterTable('assignments').addColumn('question_id', 'integer').execute();
  await db
    .updateTable('assignments')
    .set((eb) => ({
      set_id: eb.selectFrom('cells').select('cells.set_id').whereRef('cells.id', '=', 'assignments.cell_id'),
      question_id: eb.selectFrom('cells').select('cells.question_id').whereRef('cells.id', '=', 'assignments.cell_id'),
    }))
    .execute();
  await db.schema
    .createIndex('assignments_rater_history_idx')
    .on('assignments')
    .columns(['rater_id', 'question_id', 'set_id', 'voted_at', 'is_overlap'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('assignments_rater_history_idx').execute();
  await db.schema.alterTable('assignments').dropColumn('question_id').execute();
  await db.schema.alterTable('assignments').dropColumn('set_id').execute();
}
