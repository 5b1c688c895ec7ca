import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './database.js';

export const onPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;
