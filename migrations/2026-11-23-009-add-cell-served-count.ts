import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/**
 * The scheduler orders cells by how often they were served instead of how often they were voted on: a vote arrives
 * only after the rater has read both answers, so raters who asked for items meanwhile were all served the same
 * least-voted cell, and a burst of raters went through the set in lockstep. The schedule indexes follow.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('cells').addColumn('served_count', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db
    .updateTable('cells')
    .set((eb) => ({
      served_count: eb.selectFrom('assignments').select((sub) => sub.fn.countAll().as('n')).whereRef('assignments.cell_id', '=', 'cells.id'),
    }))
    .execute();
  await db.schema.dropIndex('cells_schedule_idx').execute();
  await db.schema.dropIndex('cells_campaign_schedule_idx').execute();
  await db.schema.createIndex('cells_schedule_idx').on('cells').columns(['set_id', 'is_overlap', 'served_count', 'shuffle_key']).execute();
  await db.schema.createIndex('cells_campaign_schedule_idx').on('cells').columns(['set_id', 'served_count', 'shuffle_key']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('cells_campaign_schedule_idx').execute();
  await db.schema.dropIndex('cells_schedule_idx').execute();
  await db.schema.createIndex('cells_schedule_idx').on('cells').columns(['set_id', 'is_overlap', 'vote_count', 'shuffle_key']).execute();
  await db.schema.createIndex('cells_campaign_schedule_idx').on('cells').columns(['set_id', 'vote_count', 'shuffle_key']).execute();
  await db.schema.alterTable('cells').dropColumn('served_count').execute();
}
