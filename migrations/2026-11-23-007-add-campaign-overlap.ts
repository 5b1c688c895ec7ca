import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/**
 * Each campaign chooses its own overlap items (how many, among its models), instead of using the ones its set drew at
 * import. Campaigns that already exist keep the set's overlap cells that lie within their models.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('campaigns').addColumn('overlap_items', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('campaign_overlap_cells')
    .addColumn('campaign_id', 'integer', (col) => col.notNull().references('campaigns.id'))
    .addColumn('cell_id', 'integer', (col) => col.notNull().references('cells.id'))
    .addPrimaryKeyConstraint('campaign_overlap_cells_pk', ['campaign_id', 'cell_id'])
    .execute();
  // A campaign serves every cell of its set, whatever the set's own overlap flag: walked in vote order like cells_schedule_idx.
  await db.schema.createIndex('cells_campaign_schedule_idx').on('cells').columns(['set_id', 'vote_count', 'shuffle_key']).execute();

  const campaigns = (await db.selectFrom('campaigns').select(['id', 'set_id', 'model_ids_json']).execute()) as {
    id: number;
    set_id: number;
    model_ids_json: string | null;
  }[];
  for (const campaign of campaigns) {
    const modelIds = campaign.model_ids_json === null ? null : (JSON.parse(campaign.model_ids_json) as number[]);
    let cells = db.selectFrom('cells').select('id').where('set_id', '=', campaign.set_id).where('is_overlap', '=', 1);
    if (modelIds !== null) cells = cells.where('model_low_id', 'in', modelIds).where('model_high_id', 'in', modelIds);
    const cellIds = (await cells.execute()) as { id: number }[];
    if (cellIds.length > 0) {
      await db
        .insertInto('campaign_overlap_cells')
        .values(cellIds.map(({ id }) => ({ campaign_id: campaign.id, cell_id: id })))
        .execute();
    }
    await db.updateTable('campaigns').set({ overlap_items: cellIds.length }).where('id', '=', campaign.id).execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('cells_campaign_schedule_idx').execute();
  await db.schema.dropTable('campaign_overlap_cells').execute();
  await db.schema.alterTable('campaigns').dropColumn('overlap_items').execute();
}
