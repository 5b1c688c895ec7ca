import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Migrations import only kysely: history must not change when the code does.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's Database type
type AnyDb = Kysely<any>;

function idType(db: AnyDb) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';
}

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('question_sets')
    .addColumn('id', idType(db), serialId)
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('categories_json', 'text', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('active', 'archived')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('question_sets_slug_version_unique', ['slug', 'version'])
    .addUniqueConstraint('question_sets_slug_hash_unique', ['slug', 'content_hash'])
    .execute();

  await db.schema
    .createTable('models')
    .addColumn('id', idType(db), serialId)
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', idType(db), serialId)
    .addColumn('set_id', 'integer', (col) => col.notNull().references('question_sets.id'))
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('turns_json', 'text', (col) => col.notNull())
    .addUniqueConstraint('questions_set_external_unique', ['set_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('answers')
    .addColumn('id', idType(db), serialId)
    .addColumn('question_id', 'integer', (col) => col.notNull().references('questions.id'))
    .addColumn('model_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('turns_json', 'text', (col) => col.notNull())
    .addUniqueConstraint('answers_question_model_unique', ['question_id', 'model_id'])
    .execute();

  // A cell is one (question, unordered model pair): the unit the scheduler spreads votes over.
  await db.schema
    .createTable('cells')
    .addColumn('id', idType(db), serialId)
    .addColumn('set_id', 'integer', (col) => col.notNull().references('question_sets.id'))
    .addColumn('question_id', 'integer', (col) => col.notNull().references('questions.id'))
    .addColumn('model_low_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('model_high_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('is_overlap', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('vote_count', 'integer', (col) => col.notNull().defaultTo(0))
    // A random order fixed at import: cells with equal vote counts are served in it, so one question's pairs spread out.
    .addColumn('shuffle_key', 'integer', (col) => col.notNull())
    .addUniqueConstraint('cells_question_pair_unique', ['question_id', 'model_low_id', 'model_high_id'])
    .addCheckConstraint('cells_pair_ordered', sql`model_low_id < model_high_id`)
    .execute();
  await db.schema.createIndex('cells_schedule_idx').on('cells').columns(['set_id', 'is_overlap', 'vote_count', 'shuffle_key']).execute();

  await db.schema
    .createTable('raters')
    .addColumn('id', idType(db), serialId)
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('pseudonym', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  // model_a_id is the answer shown as A (left), model_b_id the one shown as B (right).
  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('rater_id', 'integer', (col) => col.notNull().references('raters.id'))
    .addColumn('cell_id', 'integer', (col) => col.notNull().references('cells.id'))
    .addColumn('model_a_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('model_b_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('is_overlap', 'integer', (col) => col.notNull())
    .addColumn('served_at', 'text', (col) => col.notNull())
    .addColumn('voted_at', 'text')
    .addUniqueConstraint('assignments_rater_cell_unique', ['rater_id', 'cell_id'])
    .execute();
  await db.schema.createIndex('assignments_rater_open_idx').on('assignments').columns(['rater_id', 'voted_at']).execute();

  // The vote log: append-only. Ratings before and after are kept so a repeated request gets the same answer.
  await db.schema
    .createTable('votes')
    .addColumn('id', idType(db), serialId)
    .addColumn('assignment_id', 'text', (col) => col.notNull().unique().references('assignments.id'))
    .addColumn('rater_id', 'integer', (col) => col.notNull().references('raters.id'))
    .addColumn('set_id', 'integer', (col) => col.notNull().references('question_sets.id'))
    .addColumn('question_id', 'integer', (col) => col.notNull().references('questions.id'))
    .addColumn('cell_id', 'integer', (col) => col.notNull().references('cells.id'))
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('model_a_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('model_b_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('choice', 'text', (col) => col.notNull().check(sql`choice in ('A', 'B', 'tie')`))
    .addColumn('is_overlap', 'integer', (col) => col.notNull())
    .addColumn('elapsed_ms', 'integer', (col) => col.notNull())
    .addColumn('rating_a_before', 'double precision', (col) => col.notNull())
    .addColumn('rating_b_before', 'double precision', (col) => col.notNull())
    .addColumn('rating_a_after', 'double precision', (col) => col.notNull())
    .addColumn('rating_b_after', 'double precision', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('votes_rater_idx').on('votes').column('rater_id').execute();
  await db.schema.createIndex('votes_cell_idx').on('votes').column('cell_id').execute();

  // Derived from the vote log, written in the vote's transaction. scope '*' is the overall board, else a category id.
  await db.schema
    .createTable('ratings')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('model_id', 'integer', (col) => col.notNull().references('models.id'))
    .addColumn('rating', 'double precision', (col) => col.notNull())
    .addColumn('votes', 'integer', (col) => col.notNull())
    .addColumn('wins', 'integer', (col) => col.notNull())
    .addColumn('ties', 'integer', (col) => col.notNull())
    .addColumn('losses', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('ratings_pk', ['scope', 'model_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['ratings', 'votes', 'assignments', 'raters', 'cells', 'answers', 'questions', 'models', 'question_sets']) {
    await db.schema.dropTable(table).execute();
  }
}
