import type { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { liveMessageSchema, type LiveMessage } from '../../shared/schemas/api.js';
import { TestRater } from '../helpers/rater.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

/** Connects and collects the socket's messages from the first one on, so a test can wait for the n-th. */
async function watch(app: TestApp['app'], path: string) {
  const received: LiveMessage[] = [];
  const waiters: (() => void)[] = [];
  const listen = (socket: WebSocket) =>
    socket.on('message', (data) => {
      received.push(liveMessageSchema.parse(JSON.parse(String(data))));
      waiters.splice(0).forEach((wake) => wake());
    });
  const socket = await app.injectWS(path, {}, { onInit: listen });
  return {
    socket,
    received,
    async nth(n: number): Promise<LiveMessage> {
      const deadline = Date.now() + 5000;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${n} messages arrived`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 100);
        });
      }
      return received[n - 1]!;
    },
  };
}

describe('the live leaderboard', () => {
  it('sends the current board on connect and the new board after a vote commits', async () => {
    t = await startTestApp();
    await t.app.ready();
    const inbox = await watch(t.app, '/api/live');
    expect((await inbox.nth(1)).board).toEqual({ category: null, totalVotes: 0, models: [] });

    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    const result = await rater.voteOk(assignment.assignmentId, 'B');
    const update = await inbox.nth(2);
    expect(update.board.totalVotes).toBe(1);
    expect(update.board.models[0]).toMatchObject({ model: result.reveal.B, rating: 1008, wins: 1 });
    inbox.socket.terminate();
  });

  it('sends a category board only to its own watchers', async () => {
    t = await startTestApp();
    await t.app.ready();
    const rater = new TestRater(t.app);
    const assignment = await rater.nextAssignment();
    const category = assignment.question.category;
    const other = category === 'math' ? 'writing' : 'math';
    const mine = await watch(t.app, `/api/live?category=${category}`);
    const theirs = await watch(t.app, `/api/live?category=${other}`);
    await mine.nth(1);
    await theirs.nth(1);

    await rater.voteOk(assignment.assignmentId, 'tie');
    const update = await mine.nth(2);
    expect(update.board).toMatchObject({ category, totalVotes: 1 });
    expect(update.board.models.map((m) => m.ties)).toEqual([1, 1]);
    await new Promise((wait) => setTimeout(wait, 100));
    expect(theirs.received).toHaveLength(1);
  });
});
