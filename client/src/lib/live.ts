import { liveMessageSchema, type Leaderboard } from '../../../shared/schemas/api.js';
import { getLeaderboard } from './api.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  onBoard(board: Leaderboard): void;
  onStatus(status: LiveStatus): void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

function liveUrl(category: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = category === null ? '' : `?category=${encodeURIComponent(category)}`;
  return `${scheme}//${location.host}/api/live${query}`;
}

/** Exponential backoff with ±25 % jitter, so many clients do not reconnect in lockstep after a restart. */
function retryDelay(attempt: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Follows the live leaderboard of one scope (`null`: all categories). The server sends the whole board on connect and
 * after every vote. While the socket is down, the board is fetched once per reconnect attempt so it never goes stale
 * for long. Returns the function that stops everything.
 */
export function subscribeLeaderboard(category: string | null, handlers: LiveHandlers): () => void {
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;

  const deliver = (board: Leaderboard): void => {
    if (!stopped && board.category === category) handlers.onBoard(board);
  };

  const connect = (): void => {
    retryTimer = undefined;
    handlers.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(liveUrl(category));
    socket = ws;
    ws.addEventListener('message', (event) => {
      if (stopped || socket !== ws || typeof event.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const message = liveMessageSchema.safeParse(data);
      if (!message.success) return;
      attempt = 0;
      handlers.onStatus('live');
      deliver(message.data.board);
    });
    // 'error' is always followed by 'close', so reconnecting is decided in one place.
    ws.addEventListener('close', () => {
      if (stopped || socket !== ws) return;
      socket = null;
      scheduleReconnect();
    });
  };

  const scheduleReconnect = (): void => {
    handlers.onStatus('reconnecting');
    getLeaderboard(category).then(deliver, () => undefined);
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
