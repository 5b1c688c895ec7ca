import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/**
 * Each rater's items per set, counted as they are served and voted, so an item request reads a rater's tally in a row
 * per set instead of counting the rater's whole history: with few raters doing many items (a rater going through a
 * 16-model set's 6,480 pairs) the count grew with every item, from 0.5 ms to 1.7 ms per request.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rater_set_tallies')
    .addColumn('rater_id', 'integer', (col) => col.notNull().references('raters.id'))
    .addColumn('set_id', 'integer', (col) => col.notNull().references('question_sets.id'))
    .addColumn('served', 'integer', (col) => col.notNull())
    .addColumn('voted', 'integer', (col) => col.notNull())
    .addColumn('overlap_voted', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('rater_set_tallies_pk', ['rater_id', 'set_id'])
    .execute();
  await db
    .insertInto('rater_set_tallies')
    .columns(['rater_id', 'set_id', 'served', 'voted', 'overlap_voted'])
    .expression((eb) =>
      eb
        .selectFrom('assignments')
        .select([
          'rater_id',
          'set_id',
          eb.fn.countAll().as('served'),
          eb.fn.count('voted_at').as('voted'),
          sql`coalesce(sum(case when voted_at is not null then is_overlap else 0 end), 0)`.as('overlap_voted'),
        ])
        .groupBy(['rater_id', 'set_id']),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('rater_set_tallies').execute();
}
