#!/usr/bin/env node
import { createDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate-to-latest.js';
import { readEnvConfig } from './config.js';

const USAGE = `usage: arena <command>

commands:
  migrate    run pending database migrations on DATABASE_URL (default ./data/arena.db)`;

async function migrate(): Promise<void> {
  const env = readEnvConfig(process.env);
  const arenaDb = createDb({ url: env.DATABASE_URL, synchronous: env.SQLITE_SYNCHRONOUS });
  try {
    const result = await migrateToLatest(arenaDb.db);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    console.log(applied.length === 0 ? 'already up to date' : `applied: ${applied.join(', ')}`);
  } finally {
    await arenaDb.close();
  }
}

const command = process.argv[2];
try {
  if (command === 'migrate') await migrate();
  else {
    console.error(command === undefined ? USAGE : `unknown command "${command}"\n\n${USAGE}`);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`arena ${command}: ${(error as Error).message}`);
  process.exitCode = 1;
}
