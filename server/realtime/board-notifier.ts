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
  const listener = new ChannelListener(arenaDb.connectionString, CHANNEL, onError, (payload) => {
    if (payload === ALL) local.allBoardsChanged();
    else if (payload === CAMPAIGNS) local.campaignsChanged();
    else local.boardsChanged((JSON.parse(payload) as string[]).map((c) => (c === '' ? null : c)));
  }, () => {
    // Whatever was sent while the connection was down is lost: every watched board and snapshot is read again.
    local.allBoardsChanged();
    local.campaignsChanged();
  });
  await listener.start();
  const send = (db: Kysely<Database>, payload: string) => notify(db, CHANNEL, payload);
  return {
    boardsChanged: (categories) => send(arenaDb.db, JSON.stringify(categories.map((c) => c ?? ''))),
    allBoardsChanged: () => send(arenaDb.db, ALL),
    campaignsChanged: () => send(arenaDb.db, CAMPAIGNS),
    close: () => listener.close(),
  };
}

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5000;

/**
 * A connection of its own that LISTENs on a channel, and comes back when it drops (a PostgreSQL restart or failover,
 * an idle timeout, a proxy): on PostgreSQL every live update, this instance's own votes' too, arrives through it, so
 * without it the instance's leaderboards would freeze for good while it kept serving. Retries back off to 5 s; TCP
 * keep-alive finds a connection that died without a word.
 */
class ChannelListener {
  #client: pg.Client | null = null;
  #closed = false;
  #delayMs = RECONNECT_FIRST_MS;
  #retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onError: (error: unknown) => void,
    private readonly onPayload: (payload: string) => void,
    private readonly onReconnected: () => void,
  ) {}

  /** The first connection must work: an instance that cannot listen should not start. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    const lost = (error?: unknown) => {
      if (error !== undefined) this.onError(error);
      if (this.#client !== client) return;
      this.#client = null;
      void client.end().catch(() => undefined);
      this.#scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onPayload(message.payload);
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      if (this.#client === client) this.#client = null;
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry !== null) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.#closed) return;
      this.#connect().then(
        () => {
          this.#delayMs = RECONNECT_FIRST_MS;
          if (this.#closed) void this.close();
          else this.onReconnected();
        },
        (error: unknown) => {
          this.onError(error);
          this.#delayMs = Math.min(this.#delayMs * 2, RECONNECT_MAX_MS);
          this.#scheduleReconnect();
        },
      );
    }, this.#delayMs);
  }
}
