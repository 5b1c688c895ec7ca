import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/** Invite-only campaigns: invite links (single- or multi-use) and the raters who joined through them. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('campaigns').addColumn('invite_only', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('invites')
    .addColumn('code_hash', 'text', (col) => col.primaryKey())
    .addColumn('campaign_id', 'integer', (col) => col.notNull().references('campaigns.id'))
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint('invites_uses_within_limit', sql`max_uses is null or uses <= max_uses`)
    .execute();
  await db.schema
    .createTable('campaign_members')
    .addColumn('campaign_id', 'integer', (col) => col.notNull().references('campaigns.id'))
    .addColumn('rater_id', 'integer', (col) => col.notNull().references('raters.id'))
    .addColumn('joined_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('campaign_members_pk', ['campaign_id', 'rater_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('campaign_members').execute();
  await db.schema.dropTable('invites').execute();
  await db.schema.alterTable('campaigns').dropColumn('invite_only').execute();
}
