import { afterEach, describe, expect, it } from 'vitest';
import type { Assignment } from '../../shared/schemas/api.js';
import { TestRater } from '../helpers/rater.js';
import { storedTallies, talliesFromAssignments } from '../helpers/tallies.js';
import { startTestApp, type TestApp, sqliteOf } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function cellOf(app: TestApp['app'], assignmentId: string) {
  return sqliteOf(app)
    .prepare('select c.id, c.is_overlap as overlap from assignments a join cells c on c.id = a.cell_id where a.id = ?')
    .get(assignmentId) as { id: number; overlap: number };
}

const cellCounts = (app: TestApp['app']) =>
  sqliteOf(app).prepare('select id, is_overlap as overlap, vote_count as votes from cells').all() as {
    id: number;
    overlap: number;
    votes: number;
  }[];

describe('the scheduler', () => {
  it('serves a rater every cell exactly once, then says finished', async () => {
    t = await startTestApp();
    const rater = new TestRater(t.app);
    const seen = new Set<number>();
    for (;;) {
      const next = await rater.next();
      if (next.status !== 'assigned') {
        expect(next).toMatchObject({ status: 'finished', progress: { voted: 12, remaining: 0 } });
        break;
      }
      const cell = cellOf(t.app, next.assignmentId);
      expect(seen.has(cell.id)).toBe(false);
      seen.add(cell.id);
      await rater.voteOk(next.assignmentId, 'A');
    }
    expect(seen.size).toBe(cellCounts(t.app).length);
  });

  it('prefers, among the least-voted cells, a question the rater has not seen yet', async () => {
    t = await startTestApp({ overlapItems: 0 });
    // Four questions of three pairs each, in an import order that lists each question's pairs together: without the
    // preference, a rater would be served one question's three pairs in a row.
    sqliteOf(t.app).prepare('update cells set shuffle_key = question_id * 1000 + id').run();
    for (let r = 0; r < 3; r++) {
      const rater = new TestRater(t.app);
      const questions: string[] = [];
      for (let i = 0; i < 4; i++) {
        const item = await rater.nextAssignment();
        questions.push(item.question.id);
        await rater.voteOk(item.assignmentId, 'tie');
      }
      expect(new Set(questions).size, `rater ${r}: ${questions.join(', ')}`).toBe(4);
    }
  });

  it('interleaves the overlap items (every second item) until the rater has had them all', async () => {
    t = await startTestApp({ overlapItems: 3, overlapEvery: 2 });
    const rater = new TestRater(t.app);
    const overlapFlags: number[] = [];
    for (let i = 0; i < 8; i++) {
      const assignment = await rater.nextAssignment();
      overlapFlags.push(cellOf(t.app, assignment.assignmentId).overlap);
      await rater.voteOk(assignment.assignmentId, 'B');
    }
    expect(overlapFlags).toEqual([1, 0, 1, 0, 1, 0, 0, 0]);
  });

  it("keeps each rater's tally per set equal to a count of their assignments: served, voted, overlap voted", async () => {
    t = await startTestApp({ overlapItems: 3, overlapEvery: 2 });
    const db = t.app.arenaDb.db;
    const raters = [new TestRater(t.app), new TestRater(t.app), new TestRater(t.app)];
    for (const [r, rater] of raters.entries()) {
      for (let i = 0; i < 3 + 2 * r; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
    }
    await raters[1]!.nextAssignment(); // served, left open
    const tallies = await storedTallies(db);
    expect(tallies.map(({ served, voted, overlapVoted }) => ({ served, voted, overlapVoted }))).toEqual([
      { served: 3, voted: 3, overlapVoted: 2 },
      { served: 6, voted: 5, overlapVoted: 3 },
      { served: 7, voted: 7, overlapVoted: 3 },
    ]);
    expect(tallies).toEqual(await talliesFromAssignments(db));
    // The tally is what the item request reports.
    const progress = (await raters[1]!.next()).progress;
    expect(progress).toMatchObject({ voted: 5, overlapVoted: 3 });
  });

  it('counts a vote on an item served without a tally (by an instance from before the tallies) and recounts it', async () => {
    t = await startTestApp({ overlapItems: 3, overlapEvery: 2 });
    const db = t.app.arenaDb.db;
    const rater = new TestRater(t.app);
    for (let i = 0; i < 3; i++) await rater.voteOk((await rater.nextAssignment()).assignmentId, 'A');
    const open = await rater.nextAssignment();
    // What the old code left: the assignment, but no tally row.
    sqliteOf(t.app).prepare('delete from rater_set_tallies').run();
    await rater.voteOk(open.assignmentId, 'B');
    expect(await storedTallies(db)).toEqual(await talliesFromAssignments(db));
    expect((await storedTallies(db))[0]).toMatchObject({ served: 4, voted: 4, overlapVoted: 2 });
  });

  it('serves every rater the same overlap items', async () => {
    t = await startTestApp({ overlapItems: 3, overlapEvery: 2 });
    const overlapCellsPerRater: number[][] = [];
    for (let r = 0; r < 4; r++) {
      const rater = new TestRater(t.app);
      const cells: number[] = [];
      for (let i = 0; i < 6; i++) {
        const assignment = await rater.nextAssignment();
        const cell = cellOf(t.app, assignment.assignmentId);
        if (cell.overlap) cells.push(cell.id);
        await rater.voteOk(assignment.assignmentId, 'tie');
      }
      overlapCellsPerRater.push(cells.sort());
    }
    const expected = cellCounts(t.app)
      .filter((c) => c.overlap)
      .map((c) => c.id)
      .sort();
    expect(expected).toHaveLength(3);
    for (const cells of overlapCellsPerRater) expect(cells).toEqual(expected);
  });

  it('serves the overlap items in one fixed order, so raters who stop early still share their first ones', async () => {
    t = await startTestApp({ overlapItems: 4, overlapEvery: 1 });
    const firstTwo: number[][] = [];
    for (let r = 0; r < 3; r++) {
      // Each rater leaves after two items: with every item an overlap item, two of the four.
      const rater = new TestRater(t.app);
      const cells: number[] = [];
      for (let i = 0; i < 2; i++) {
        const assignment = await rater.nextAssignment();
        const cell = cellOf(t.app, assignment.assignmentId);
        expect(cell.overlap).toBe(1);
        cells.push(cell.id);
        await rater.voteOk(assignment.assignmentId, 'A');
      }
      firstTwo.push(cells);
    }
    expect(firstTwo[1]).toEqual(firstTwo[0]);
    expect(firstTwo[2]).toEqual(firstTwo[0]);
  });

  it('keeps coverage even: the non-overlap cells never differ by more than one vote', async () => {
    t = await startTestApp({ overlapItems: 2 });
    const raters = Array.from({ length: 7 }, () => new TestRater(t!.app));
    for (let round = 0; round < 5; round++) {
      for (const rater of raters) {
        const assignment = await rater.nextAssignment();
        await rater.voteOk(assignment.assignmentId, 'A');
        const counts = cellCounts(t.app)
          .filter((c) => !c.overlap)
          .map((c) => c.votes);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('serves raters who ask while others are still reading different cells, and keeps serving even', async () => {
    t = await startTestApp({ overlapItems: 0 });
    const raters = Array.from({ length: 5 }, () => new TestRater(t!.app));
    for (let round = 0; round < 2; round++) {
      // Everyone asks at once and nobody has voted yet: least-voted order alone would give all five the same cell.
      const items = await Promise.all(raters.map((rater) => rater.nextAssignment()));
      const cells = items.map((item) => cellOf(t!.app, item.assignmentId).id);
      expect(new Set(cells).size, `round ${round}: cells ${cells.join(', ')}`).toBe(raters.length);
      await Promise.all(items.map((item, i) => raters[i]!.voteOk(item.assignmentId, 'B')));
    }
    const served = sqliteOf(t.app).prepare('select served_count as n from cells').all() as { n: number }[];
    expect(served.reduce((sum, { n }) => sum + n, 0)).toBe(10);
    expect(Math.max(...served.map(({ n }) => n)) - Math.min(...served.map(({ n }) => n))).toBeLessThanOrEqual(1);
  });

  it('shows the lower-id model of a pair as A about half the time (two-sided binomial test, seeded)', async () => {
    // 30 raters through all 12 cells of the tiny set: 360 coin flips.
    t = await startTestApp({ overlapItems: 0 });
    let lowIdShownAsA = 0;
    let total = 0;
    for (let r = 0; r < 30; r++) {
      const rater = new TestRater(t.app);
      for (let i = 0; i < 12; i++) {
        const next = await rater.next();
        if (next.status !== 'assigned') break;
        const row = sqliteOf(t.app)
          .prepare('select a.model_a_id as a, c.model_low_id as low from assignments a join cells c on c.id = a.cell_id where a.id = ?')
          .get((next as Assignment).assignmentId) as { a: number; low: number };
        if (row.a === row.low) lowIdShownAsA++;
        total++;
        await rater.voteOk(next.assignmentId, 'A');
      }
    }
    expect(total).toBe(360);
    // Under p = ½, a count outside 180 ± 3.29σ (σ = √(360/4) = 9.49) has probability < 0.001.
    expect(Math.abs(lowIdShownAsA - total / 2)).toBeLessThan(3.29 * Math.sqrt(total / 4));
    // And a fixed side (all low-id models on the left) would be far outside that band.
    expect(lowIdShownAsA).toBeGreaterThan(0);
    expect(lowIdShownAsA).toBeLessThan(total);
  });
});
