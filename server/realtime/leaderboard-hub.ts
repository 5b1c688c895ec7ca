import type { WebSocket } from 'ws';
import type { Leaderboard, LiveMessage } from '../../shared/schemas/api.js';
import { sendLatest } from './live-socket.js';

/**
 * Who watches which leaderboard, and what to send them after votes commit. Votes arriving within `flushAfterMs` of
 * each other are coalesced: each changed board is read once and serialized once for all of its watchers.
 */
export class LeaderboardHub {
  readonly #watchers = new Map<string | null, Set<WebSocket>>();
  readonly #changed = new Set<string | null>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly readBoard: (category: string | null) => Promise<Leaderboard>,
    private readonly onError: (error: unknown) => void,
    private readonly flushAfterMs = 25,
  ) {}

  watch(category: string | null, socket: WebSocket): void {
    let watchers = this.#watchers.get(category);
    if (!watchers) this.#watchers.set(category, (watchers = new Set()));
    watchers.add(socket);
    socket.on('close', () => {
      watchers.delete(socket);
      if (watchers.size === 0) this.#watchers.delete(category);
    });
  }

  get watcherCount(): number {
    let count = 0;
    for (const watchers of this.#watchers.values()) count += watchers.size;
    return count;
  }

  /** Call after the vote's transaction has committed. */
  boardsChanged(categories: readonly (string | null)[]): void {
    for (const category of categories) if (this.#watchers.has(category)) this.#changed.add(category);
    if (this.#changed.size > 0 && this.#timer === null) {
      this.#timer = setTimeout(() => void this.flush(), this.flushAfterMs);
    }
  }

  /** After ratings were rebuilt as a whole: every watched board may have changed. */
  allBoardsChanged(): void {
    this.boardsChanged([...this.#watchers.keys()]);
  }

  async flush(): Promise<void> {
    this.#timer = null;
    const categories = [...this.#changed];
    this.#changed.clear();
    for (const category of categories) {
      const watchers = this.#watchers.get(category);
      if (!watchers) continue;
      try {
        const message: LiveMessage = { type: 'leaderboard', board: await this.readBoard(category) };
        const text = JSON.stringify(message);
        for (const socket of watchers) sendLatest(socket, text);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const watchers of this.#watchers.values()) for (const socket of watchers) socket.close(1001, 'server shutting down');
    this.#watchers.clear();
  }
}
