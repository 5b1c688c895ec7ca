import pg from 'pg';
import type { Kysely } from 'kysely';
import type { ArenaDb } from '../db/create-db.js';
import type { Database } from '../db/database.js';
import { notify } from '../repositories/locks.js';
import type { LeaderboardHub } from './leaderboard-hub.js';

const CHANNEL = 'arena_boards';
/** The payload that means every board changed (ratings rebuilt after an exclusion). */
const ALL = '*all*';

/**
 * Tells the leaderboard hubs that boards changed after a commit. With SQLite there is one server process: the local
 * hub is told directly. With PostgreSQL several instances may share the database: each LISTENs, and a change is sent
 * with NOTIFY, so a watcher connected to any instance sees votes cast on every instance.
 */
export interface BoardNotifier {
  boardsChanged(categories: readonly (string | null)[]): Promise<void>;
  allBoardsChanged(): Promise<void>;
  close(): Promise<void>;
}

export async function createBoardNotifier(
  arenaDb: ArenaDb,
  hub: LeaderboardHub,
  onError: (error: unknown) => void,
): Promise<BoardNotifier> {
  if (arenaDb.kind === 'sqlite') {
    return {
      boardsChanged: async (categories) => hub.boardsChanged(categories),
      allBoardsChanged: async () => hub.allBoardsChanged(),
      close: async () => undefined,
    };
  }
  const listener = new pg.Client({ connectionString: arenaDb.connectionString });
  listener.on('error', onError);
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel !== CHANNEL || message.payload === undefined) return;
    if (message.payload === ALL) hub.allBoardsChanged();
    else hub.boardsChanged((JSON.parse(message.payload) as string[]).map((c) => (c === '' ? null : c)));
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  const send = (db: Kysely<Database>, payload: string) => notify(db, CHANNEL, payload);
  return {
    boardsChanged: (categories) => send(arenaDb.db, JSON.stringify(categories.map((c) => c ?? ''))),
    allBoardsChanged: () => send(arenaDb.db, ALL),
    close: () => listener.end(),
  };
}
