import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time
type AnyDb = Kysely<any>;

/**
 * A session remembers which token it was traded for (a hash of that token's SHA-256), so changing or removing the
 * token ends the sessions it granted. Sessions from before carry none and end: their holders sign in again.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('token_hash', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('token_hash').execute();
}
