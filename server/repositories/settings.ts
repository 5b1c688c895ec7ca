import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export async function readSetting(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** Writes the value unless the key already has one; returns the value that is stored afterwards. */
export async function writeSettingOnce(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readSetting(db, key)) ?? value;
}
