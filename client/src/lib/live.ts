import { liveMessageSchema, type Leaderboard } from '../../../shared/schemas/api.js';
import { getLeaderboard } from './api.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** One server feed: a WebSocket that sends whole snapshots, and the same snapshot over HTTP. */
export interface LiveFeed<T> {
  /** The socket's path and query, e.g. `/api/live?category=math`. */
  path: string;
  /** The snapshot a (JSON-parsed) message carries; `null` for a message that is not one of this feed's. */
  read: (message: unknown) => T | null;
  /** Fetched once per reconnect attempt while the socket is down, so what is shown never goes stale for long. */
  fetchLatest: () => Promise<T>;
  /** Runs before every connection attempt, e.g. to make sure the cookie the socket's handshake needs is set. */
  beforeConnect?: (() => Promise<void>) | undefined;
}

export interface LiveSubscriber<T> {
  onData(data: T): void;
  onStatus(status: LiveStatus): void;
  /** `fetchLatest` or `beforeConnect` failed; reconnecting goes on regardless. */
  onError?: ((error: unknown) => void) | undefined;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

function socketUrl(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** Exponential backoff with ±25 % jitter, so many clients do not reconnect in lockstep after a restart. */
function retryDelay(attempt: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Follows a live feed: the server sends the whole snapshot on connect and after every change; a dropped socket is
 * reconnected with backoff (at once when the browser comes back online). Returns the function that stops everything.
 */
export function subscribeLive<T>(feed: LiveFeed<T>, handlers: LiveSubscriber<T>): () => void {
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;

  const deliver = (data: T): void => {
    if (!stopped) handlers.onData(data);
  };

  const fail = (error: unknown): void => {
    if (!stopped) handlers.onError?.(error);
  };

  const open = (): void => {
    if (stopped) return;
    const ws = new WebSocket(socketUrl(feed.path));
    socket = ws;
    ws.addEventListener('message', (event) => {
      if (stopped || socket !== ws || typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const data = feed.read(message);
      if (data === null) return;
      attempt = 0;
      handlers.onStatus('live');
      deliver(data);
    });
    // 'error' is always followed by 'close', so reconnecting is decided in one place.
    ws.addEventListener('close', () => {
      if (stopped || socket !== ws) return;
      socket = null;
      scheduleReconnect();
    });
  };

  const connect = (): void => {
    retryTimer = undefined;
    handlers.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    if (feed.beforeConnect === undefined) {
      open();
      return;
    }
    feed.beforeConnect().then(open, (error: unknown) => {
      if (stopped) return;
      fail(error);
      scheduleReconnect();
    });
  };

  const scheduleReconnect = (): void => {
    handlers.onStatus('reconnecting');
    feed.fetchLatest().then(deliver, fail);
    retryTimer = setTimeout(connect, retryDelay(attempt));
    attempt += 1;
  };

  const reconnectNow = (): void => {
    if (stopped || retryTimer === undefined) return;
    clearTimeout(retryTimer);
    connect();
  };

  window.addEventListener('online', reconnectNow);
  connect();

  return () => {
    stopped = true;
    window.removeEventListener('online', reconnectNow);
    clearTimeout(retryTimer);
    socket?.close(1000);
    socket = null;
  };
}

export interface LiveHandlers {
  onBoard(board: Leaderboard): void;
  onStatus(status: LiveStatus): void;
}

/** The live leaderboard of one scope (`null`: all categories). */
export function subscribeLeaderboard(category: string | null, handlers: LiveHandlers): () => void {
  const query = category === null ? '' : `?category=${encodeURIComponent(category)}`;
  return subscribeLive(
    {
      path: `/api/live${query}`,
      read: (message) => {
        const parsed = liveMessageSchema.safeParse(message);
        return parsed.success && parsed.data.board.category === category ? parsed.data.board : null;
      },
      fetchLatest: () => getLeaderboard(category),
    },
    { onData: handlers.onBoard, onStatus: handlers.onStatus },
  );
}
