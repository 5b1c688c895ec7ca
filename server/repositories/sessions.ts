import type { Kysely } from 'kysely';
import type { Database, SessionTable } from '../db/database.js';

export async function insertSession(db: Kysely<Database>, session: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export async function findLiveSession(db: Kysely<Database>, idHash: string, now: string) {
  return db.selectFrom('sessions').select(['role', 'token_hash']).where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}
