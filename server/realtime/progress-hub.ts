import type { WebSocket } from 'ws';
import type { ProgressSnapshot } from '../../shared/schemas/progress.js';
import type { BoardListener } from './board-notifier.js';
import { sendLatest } from './live-socket.js';
import { progressMessageJson } from './progress-json.js';

/** A campaign's id, or null for every active set. */
export type ProgressScopeKey = number | null;

interface WatchedScope {
  sockets: Set<WebSocket>;
  timer: NodeJS.Timeout | null;
  computing: boolean;
  /** Changed since the last computation began. */
  stale: boolean;
  lastComputedAt: number;
  lastDurationMs: number;
}

export interface ProgressHubOptions {
  /** Fewest milliseconds between two computations of one scope: a snapshot reads the votes since the last one. */
  minIntervalMs: number;
  /**
   * The most of the time one scope may spend computing: after a snapshot that took d ms, the next begins no sooner
   * than d / busyShare ms after it began, so a costly scope slows its updates down rather than the votes.
   */
  busyShare: number;
  /**
   * The longest that back-off waits. Snapshots are computed a page per turn of the event loop, so a slow one (the
   * first of a large scope, which reads its whole log) held nothing up, and the next is quick: it reads only new votes.
   */
  maxIntervalMs: number;
  /** Votes arriving this close together share a computation even when the scope has been quiet. */
  coalesceMs: number;
  /** Recompute watched scopes this often without votes, so active raters and the pace age. */
  refreshMs: number;
  now: () => number;
}

const DEFAULTS: ProgressHubOptions = {
  minIntervalMs: 1000,
  busyShare: 0.25,
  maxIntervalMs: 10_000,
  coalesceMs: 25,
  refreshMs: 60_000,
  now: () => Date.now(),
};

/**
 * Who watches which progress scope, and what to send them after votes commit. Only watched scopes are computed, each
 * at most once per `minIntervalMs` (less often when computing is slow) however many votes arrive, and serialized once
 * for all of its watchers.
 */
export class ProgressHub implements BoardListener {
  readonly #scopes = new Map<ProgressScopeKey, WatchedScope>();
  readonly #options: ProgressHubOptions;
  #refresh: NodeJS.Timeout | null = null;

  constructor(
    private readonly readSnapshot: (scope: ProgressScopeKey) => Promise<ProgressSnapshot>,
    private readonly onError: (error: unknown) => void,
    options: Partial<ProgressHubOptions> = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
  }

  watch(scope: ProgressScopeKey, socket: WebSocket): void {
    let watched = this.#scopes.get(scope);
    if (!watched) {
      watched = { sockets: new Set(), timer: null, computing: false, stale: false, lastComputedAt: Number.NEGATIVE_INFINITY, lastDurationMs: 0 };
      this.#scopes.set(scope, watched);
    }
    const sockets = watched.sockets;
    sockets.add(socket);
    this.#refresh ??= setInterval(() => this.#markAll(() => true), this.#options.refreshMs).unref();
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size > 0 || this.#scopes.get(scope) !== watched) return;
      if (watched.timer) clearTimeout(watched.timer);
      this.#scopes.delete(scope);
      if (this.#scopes.size === 0) this.#stopRefresh();
    });
  }

  get watcherCount(): number {
    let count = 0;
    for (const watched of this.#scopes.values()) count += watched.sockets.size;
    return count;
  }

  /** Any counted vote may move any scope (an excluded rater's vote, which moves no board, still counts for coverage). */
  boardsChanged(): void {
    this.#markAll(() => true);
  }

  allBoardsChanged(): void {
    this.#markAll(() => true);
  }

  campaignsChanged(): void {
    this.#markAll((scope) => scope !== null);
  }

  close(): void {
    this.#stopRefresh();
    for (const watched of this.#scopes.values()) {
      if (watched.timer) clearTimeout(watched.timer);
      for (const socket of watched.sockets) socket.close(1001, 'server shutting down');
    }
    this.#scopes.clear();
  }

  #markAll(matches: (scope: ProgressScopeKey) => boolean): void {
    for (const [scope, watched] of this.#scopes) if (matches(scope)) this.#markStale(scope, watched);
  }

  #markStale(scope: ProgressScopeKey, watched: WatchedScope): void {
    watched.stale = true;
    // A computation under way reschedules itself when it ends.
    if (watched.timer !== null || watched.computing) return;
    const { minIntervalMs, busyShare, maxIntervalMs, coalesceMs, now } = this.#options;
    const interval = Math.min(maxIntervalMs, Math.max(minIntervalMs, watched.lastDurationMs / busyShare));
    const wait = Math.max(coalesceMs, watched.lastComputedAt + interval - now());
    watched.timer = setTimeout(() => void this.#compute(scope, watched), wait);
  }

  async #compute(scope: ProgressScopeKey, watched: WatchedScope): Promise<void> {
    watched.timer = null;
    watched.stale = false;
    watched.computing = true;
    watched.lastComputedAt = this.#options.now();
    try {
      const text = await progressMessageJson(await this.readSnapshot(scope));
      for (const socket of watched.sockets) sendLatest(socket, text);
    } catch (error) {
      this.onError(error);
    } finally {
      watched.lastDurationMs = this.#options.now() - watched.lastComputedAt;
      watched.computing = false;
      if (watched.stale && this.#scopes.get(scope) === watched) this.#markStale(scope, watched);
    }
  }

  #stopRefresh(): void {
    if (this.#refresh) clearInterval(this.#refresh);
    this.#refresh = null;
  }
}
