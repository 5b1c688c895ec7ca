import type { WebSocket } from 'ws';

/**
 * Sending to live watchers without letting one that stopped reading hold memory: each message is a whole board or
 * snapshot that supersedes the one before, so a watcher still being sent one message keeps only the newest after it,
 * sent when the first is out. Without this, a sleeping laptop or a client that never reads had every message queued
 * in the server (megabytes a second of progress snapshots) until TCP gave up, or for ever.
 */
const outgoing = new WeakMap<WebSocket, { sending: boolean; newest: string | null }>();

export function sendLatest(socket: WebSocket, text: string): void {
  if (socket.readyState !== socket.OPEN) return;
  let state = outgoing.get(socket);
  if (state === undefined) outgoing.set(socket, (state = { sending: false, newest: null }));
  if (state.sending) {
    state.newest = text;
    return;
  }
  const sent = state;
  const sendNow = (message: string) => {
    sent.sending = true;
    socket.send(message, () => {
      sent.sending = false;
      const newest = sent.newest;
      sent.newest = null;
      if (newest !== null && socket.readyState === socket.OPEN) sendNow(newest);
    });
  };
  sendNow(text);
}

/**
 * Pings every live socket each `everyMs` and ends one that did not answer the ping before: a watcher whose machine
 * slept or whose network went away without closing would otherwise stay a watcher, and be sent to, for good.
 */
export class SocketHeartbeat {
  readonly #answered = new Map<WebSocket, boolean>();
  readonly #timer: NodeJS.Timeout;

  constructor(everyMs = 30_000) {
    this.#timer = setInterval(() => this.beat(), everyMs);
    this.#timer.unref();
  }

  watch(socket: WebSocket): void {
    this.#answered.set(socket, true);
    socket.on('pong', () => this.#answered.set(socket, true));
    socket.on('close', () => this.#answered.delete(socket));
  }

  /** One round: end the sockets that did not answer the last ping, ping the others. */
  beat(): void {
    for (const [socket, answered] of this.#answered) {
      if (!answered) {
        this.#answered.delete(socket);
        socket.terminate();
        continue;
      }
      this.#answered.set(socket, false);
      socket.ping();
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.#answered.clear();
  }
}
