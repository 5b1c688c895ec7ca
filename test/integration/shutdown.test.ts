import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_SET } from '../helpers/test-app.js';
import { freePort } from '../helpers/ports.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'arena-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SIGTERM', () => {
  it('answers the request in flight, then exits without waiting for that keep-alive connection to time out', async () => {
    const port = await freePort();
    const server = startArena(port, 'arena.db');
    try {
      await untilHealthy(port);
      // A keep-alive request in flight when the signal comes: its headers are in, its body is not yet.
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      const body = JSON.stringify({ displayName: 'late' });
      socket.write(`PUT /api/me HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      await new Promise((wait) => setTimeout(wait, 200));
      server.kill('SIGTERM');
      await new Promise((wait) => setTimeout(wait, 200));
      socket.write(body);
      const [answer] = (await once(socket, 'data')) as [Buffer];
      expect(answer.toString()).toMatch(/^HTTP\/1\.1 200 /);
      const exited = once(server, 'exit');
      const gaveUp = new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000));
      expect(await Promise.race([exited.then(() => 'exited'), gaveUp])).toBe('exited');
      socket.destroy();
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('does not wait for a live watcher that never answers the close', async () => {
    const port = await freePort();
    const server = startArena(port, 'watcher.db');
    try {
      await untilHealthy(port);
      // A leaderboard watcher whose machine went to sleep: upgraded, then silent, reading nothing.
      const watcher = connect(port, '127.0.0.1');
      await once(watcher, 'connect');
      watcher.write(
        `GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      const [handshake] = (await once(watcher, 'data')) as [Buffer];
      expect(handshake.toString()).toMatch(/^HTTP\/1\.1 101 /);
      watcher.pause();
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      const gaveUp = new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000));
      expect(await Promise.race([exited.then(() => 'exited'), gaveUp])).toBe('exited');
      watcher.destroy();
    } finally {
      server.kill('SIGKILL');
    }
  });
});

function startArena(port: number, database: string) {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: join(dir, database), ARENA_QUESTIONS: TINY_SET, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
}

async function untilHealthy(port: number): Promise<void> {
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (i > 200) throw new Error('the server did not start');
    await new Promise((wait) => setTimeout(wait, 100));
  }
}
