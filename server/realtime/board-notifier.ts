import pg from 'pg';
import type { Kysely } from 'kysely';
import type { ArenaDb } from '../db/create-db.js';
import type { Database } from '../db/database.js';
import { notify } from '../repositories/locks.js';

const CHANNEL = 'arena_boards';
/** The payload that means every board changed (ratings rebuilt after an exclusion). */
const ALL = '*all*';
/** The payload that means a campaign's status changed. */
const CAMPAIGNS = '*campaigns*';

/** A hub told about changes on this instance: the leaderboard hub, the progress hub. */
export interface BoardListener {
  /** After a counted vote; `categories` are the boards it moved, empty for an excluded rater's vote. */
  boardsChanged(categories: readonly (string | null)[]): void;
  allBoardsChanged(): void;
  /** Only hubs that show campaigns need this. */
  campaignsChanged?(): void;
}

/**
 * Tells the hubs that boards changed after a commit. With SQLite there is one server process: the local hubs are told
 * directly. With PostgreSQL several instances may share the database: each LISTENs, and a change is sent with NOTIFY,
 * so a watcher connected to any instance sees votes cast on every instance.
 */
export interface BoardNotifier {
  boardsChanged(categories: readonly (string | null)[]): Promise<void>;
  allBoardsChanged(): Promise<void>;
  campaignsChanged(): Promise<void>;
  close(): Promise<void>;
}

export async function createBoardNotifier(
  arenaDb: ArenaDb,
  listeners: readonly BoardListener[],
  onError: (error: unknown) => void,
): Promise<BoardNotifier> {
  const local = {
    boardsChanged: (categories: readonly (string | null)[]) => listeners.forEach((l) => l.boardsChanged(categories)),
    allBoardsChanged: () => listeners.forEach((l) => l.allBoardsChanged()),
    campaignsChanged: () => listeners.forEach((l) => l.campaignsChanged?.()),
  };
  if (arenaDb.kind === 'sqlite') {
    return {
      boardsChanged: async (categories) => local.boardsChanged(categories),
      allBoardsChanged: async () => local.allBoardsChanged(),
      campaignsChanged: async () => local.campaignsChanged(),
      close: async () => undefined,
    };
  }
  const listener = new pg.Client({ connectionString: arenaDb.connectionString });
  listener.on('error', onError);
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel !== CHANNEL || message.payload === undefined) return;
    if (message.payload === ALL) local.allBoardsChanged();
    else if (message.payload === CAMPAIGNS) local.campaignsChanged();
    else local.boardsChanged((JSON.parse(message.payload) as string[]).map((c) => (c === '' ? null : c)));
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  const send = (db: Kysely<Database>, payload: string) => notify(db, CHANNEL, payload);
  return {
    boardsChanged: (categories) => send(arenaDb.db, JSON.stringify(categories.map((c) => c ?? ''))),
    allBoardsChanged: () => send(arenaDb.db, ALL),
    campaignsChanged: () => send(arenaDb.db, CAMPAIGNS),
    close: () => listener.end(),
  };
}
