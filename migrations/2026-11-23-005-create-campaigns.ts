import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/** A campaign serves one set version, some or all of its models, up to a target per cell and a quota per rater. */
export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('campaigns')
    .addColumn('id', postgres ? 'serial' : 'integer', (col) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('set_id', 'integer', (col) => col.notNull().references('question_sets.id'))
    .addColumn('model_ids_json', 'text')
    .addColumn('target_votes_per_cell', 'integer')
    .addColumn('rater_quota', 'integer')
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('running', 'paused', 'finished')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('campaigns').execute();
}
