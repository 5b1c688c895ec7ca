import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressSnapshot } from '../../shared/schemas/progress.js';
import { ProgressHub, type ProgressScopeKey } from '../../server/realtime/progress-hub.js';

/** Just what the hub uses of a socket: send (out at once), close and its 'close' event. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  #onClose: (() => void)[] = [];
  send(text: string, done?: () => void) {
    this.sent.push(text);
    done?.();
  }
  on(event: string, listener: () => void) {
    if (event === 'close') this.#onClose.push(listener);
  }
  close() {
    this.readyState = 3;
    this.#onClose.forEach((listener) => listener());
  }
  asWebSocket() {
    return this as unknown as WebSocket;
  }
}

/** A stand-in snapshot that says which scope and which computation it is. */
function snapshotReader(delayMs = 0) {
  const calls: ProgressScopeKey[] = [];
  const read = async (scope: ProgressScopeKey) => {
    calls.push(scope);
    if (delayMs > 0) await new Promise((done) => setTimeout(done, delayMs));
    return { generatedAt: `computation ${calls.length}`, scope: { campaign: scope === null ? null : { id: scope } }, raters: [] } as unknown as ProgressSnapshot;
  };
  return { calls, read };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressHub', () => {
  it('computes a watched scope once for a burst of votes and sends the same text to every watcher', async () => {
    const reader = snapshotReader();
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)));
    const one = new FakeSocket();
    const two = new FakeSocket();
    hub.watch(null, one.asWebSocket());
    hub.watch(null, two.asWebSocket());
    for (let i = 0; i < 10; i++) hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(25);
    expect(reader.calls).toEqual([null]);
    expect(one.sent).toHaveLength(1);
    expect(two.sent).toEqual(one.sent);
    expect(JSON.parse(one.sent[0]!)).toMatchObject({ type: 'progress', progress: { generatedAt: 'computation 1' } });
    hub.close();
  });

  it('computes a scope at most once a second however the votes are spread', async () => {
    const reader = snapshotReader();
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)));
    hub.watch(3, new FakeSocket().asWebSocket());
    // A vote every 100 ms for 3 s: computations at 25 ms (the first vote's burst), then 1025, 2025 and 3025 ms.
    for (let t = 0; t < 3000; t += 100) {
      hub.boardsChanged();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(reader.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reader.calls).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(5000);
    expect(reader.calls).toHaveLength(4);
    hub.close();
  });

  it('never runs two computations of a scope at once, and after a slow one waits four times as long', async () => {
    const reader = snapshotReader(1500);
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)));
    const socket = new FakeSocket();
    hub.watch(null, socket.asWebSocket());
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(100);
    hub.boardsChanged();
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(1000);
    expect(reader.calls).toHaveLength(1);
    // The first began at 25 ms and took 1.5 s: the next waits until 25 + 1500 / 0.25 = 6025 ms.
    await vi.advanceTimersByTimeAsync(4800);
    expect(reader.calls).toHaveLength(1);
    expect(socket.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(reader.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1500);
    expect(socket.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reader.calls).toHaveLength(2);
    hub.close();
  });

  it('waits at most 10 s after a very slow computation, such as the first read of a large log', async () => {
    const reader = snapshotReader(20_000);
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)));
    hub.watch(null, new FakeSocket().asWebSocket());
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(1000);
    hub.boardsChanged();
    // The first began at 25 ms and took 20 s: four times that is 80 s, but the next begins 10 s after the first
    // began, which is as soon as it has ended (and the 25 ms that gather votes have passed).
    await vi.advanceTimersByTimeAsync(19_000 + 49);
    expect(reader.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(reader.calls).toHaveLength(2);
    hub.close();
  });

  it('computes only the scopes someone watches, and stops when the last watcher leaves', async () => {
    const reader = snapshotReader();
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)));
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(100);
    expect(reader.calls).toEqual([]);

    const socket = new FakeSocket();
    hub.watch(7, socket.asWebSocket());
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(100);
    expect(reader.calls).toEqual([7]);

    socket.close();
    expect(hub.watcherCount).toBe(0);
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(reader.calls).toEqual([7]);
    hub.close();
  });

  it('recomputes only campaign scopes when a campaign changes, and every watched scope after an exclusion', async () => {
    const reader = snapshotReader();
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)));
    hub.watch(null, new FakeSocket().asWebSocket());
    hub.watch(2, new FakeSocket().asWebSocket());
    hub.campaignsChanged();
    await vi.advanceTimersByTimeAsync(100);
    expect(reader.calls).toEqual([2]);
    hub.allBoardsChanged();
    await vi.advanceTimersByTimeAsync(1000);
    expect([...reader.calls].sort()).toEqual([2, 2, null]);
    hub.close();
  });

  it('refreshes watched scopes without votes, so active raters and the pace age', async () => {
    const reader = snapshotReader();
    const hub = new ProgressHub(reader.read, (error) => expect.fail(String(error)), { refreshMs: 60_000 });
    hub.watch(null, new FakeSocket().asWebSocket());
    await vi.advanceTimersByTimeAsync(59_000);
    expect(reader.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1100);
    expect(reader.calls).toEqual([null]);
    hub.close();
  });

  it('reports a failed computation and keeps serving the scope', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const hub = new ProgressHub(
      async () => {
        if (fail) throw new Error('database gone');
        return { generatedAt: 'ok', raters: [] } as unknown as ProgressSnapshot;
      },
      (error) => errors.push(error),
    );
    const socket = new FakeSocket();
    hub.watch(null, socket.asWebSocket());
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toHaveLength(1);
    fail = false;
    hub.boardsChanged();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.sent).toHaveLength(1);
    hub.close();
  });
});
