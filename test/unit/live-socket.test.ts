import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { sendLatest, SocketHeartbeat } from '../../server/realtime/live-socket.js';

/** What the live code uses of a ws socket: sends complete only when the test says the bytes went out. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  readonly pending: (() => void)[] = [];
  pings = 0;
  terminated = false;

  send(text: string, done: () => void): void {
    this.sent.push(text);
    this.pending.push(done);
  }
  /** The oldest send reaches the network. */
  flush(): void {
    this.pending.shift()?.();
  }
  ping(): void {
    this.pings++;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
}
const asWs = (socket: FakeSocket) => socket as unknown as WebSocket;

describe('sendLatest', () => {
  it('sends at once to a watcher that keeps up', () => {
    const socket = new FakeSocket();
    for (const board of ['b1', 'b2', 'b3']) {
      sendLatest(asWs(socket), board);
      socket.flush();
    }
    expect(socket.sent).toEqual(['b1', 'b2', 'b3']);
  });

  it('keeps only the newest message for a watcher still being sent one, and sends it once that one is out', () => {
    const socket = new FakeSocket();
    for (let i = 1; i <= 1000; i++) sendLatest(asWs(socket), `board ${i}`);
    expect(socket.sent).toEqual(['board 1']);
    socket.flush();
    expect(socket.sent).toEqual(['board 1', 'board 1000']);
    socket.flush();
    sendLatest(asWs(socket), 'board 1001');
    expect(socket.sent).toEqual(['board 1', 'board 1000', 'board 1001']);
  });

  it('sends nothing to a closed socket', () => {
    const socket = new FakeSocket();
    socket.readyState = 3;
    sendLatest(asWs(socket), 'board');
    expect(socket.sent).toEqual([]);
  });
});

describe('SocketHeartbeat', () => {
  it('pings every socket each beat and ends one that did not answer the ping before', () => {
    const heartbeat = new SocketHeartbeat(60_000);
    const [answers, silent] = [new FakeSocket(), new FakeSocket()];
    heartbeat.watch(asWs(answers));
    heartbeat.watch(asWs(silent));
    heartbeat.beat();
    expect([answers.pings, silent.pings]).toEqual([1, 1]);
    answers.emit('pong');
    heartbeat.beat();
    expect(silent.terminated).toBe(true);
    expect(answers.terminated).toBe(false);
    expect(answers.pings).toBe(2);
    heartbeat.close();
  });

  it('forgets a socket that closed', () => {
    const heartbeat = new SocketHeartbeat(60_000);
    const socket = new FakeSocket();
    heartbeat.watch(asWs(socket));
    socket.emit('close');
    heartbeat.beat();
    heartbeat.beat();
    expect(socket.pings).toBe(0);
    heartbeat.close();
  });
});
