import { describe, expect, it } from 'vitest';
import { orientVote } from '../../shared/agreement/orient.js';
import { PAIR_SCORES } from '../../shared/agreement/pairwise.js';
import { raterDiagnostics, RaterDiagnosticsTally, type ShownVote } from '../../shared/research/rater-diagnostics.js';
import { mulberry32 } from '../../shared/stats/random.js';

const vote = (rater: string, question: string, modelA: string, modelB: string, outcome: ShownVote['outcome'], elapsedMs: number | null = 10_000): ShownVote => ({
  rater,
  question,
  modelA,
  modelB,
  outcome,
  elapsedMs,
});

describe('raterDiagnostics', () => {
  it('counts ties, left wins and the median time by hand', () => {
    const [d] = raterDiagnostics([
      vote('r', 'q1', 'x', 'y', 'A', 4000),
      vote('r', 'q2', 'x', 'y', 'A', 6000),
      vote('r', 'q3', 'x', 'y', 'B', 8000),
      vote('r', 'q4', 'x', 'y', 'tie', null),
    ]);
    // 1 tie of 4; of 3 decided votes 2 went left; p = P(|X − 1.5| ≥ 0.5) = 1 for Binomial(3, ½); median of 4, 6, 8 s.
    expect(d).toMatchObject({ votes: 4, tieRate: 0.25, leftRate: 2 / 3, medianMs: 6000, consensusItems: 0, consensusAgreement: null, flags: [] });
    expect(d!.positionBiasP).toBeCloseTo(1, 12);
  });

  it('compares with the consensus of the others after orienting both display orders', () => {
    const votes = [
      // item q1 (x, y): the others say x wins (once shown as A, once as B); r says x wins shown as B.
      vote('o1', 'q1', 'x', 'y', 'A'),
      vote('o2', 'q1', 'y', 'x', 'B'),
      vote('r', 'q1', 'y', 'x', 'B'),
      // item q2: the others say tie; r says y wins → ½.
      vote('o1', 'q2', 'x', 'y', 'tie'),
      vote('o2', 'q2', 'x', 'y', 'tie'),
      vote('r', 'q2', 'x', 'y', 'B'),
      // item q3: the others split (x, y) → no consensus, not counted.
      vote('o1', 'q3', 'x', 'y', 'A'),
      vote('o2', 'q3', 'x', 'y', 'B'),
      vote('r', 'q3', 'x', 'y', 'A'),
    ];
    const r = raterDiagnostics(votes).find((d) => d.rater === 'r')!;
    expect(r.consensusItems).toBe(2);
    expect(r.consensusAgreement).toBe((1 + 0.5) / 2);
  });

  it('keeps exact counts past a thousand votes by one rater on one item', () => {
    const votes = [
      ...Array.from({ length: 1030 }, () => vote('r1', 'q1', 'x', 'y', 'A')),
      ...Array.from({ length: 1030 }, () => vote('r1', 'q1', 'y', 'x', 'tie')),
      vote('r2', 'q1', 'x', 'y', 'B'),
    ];
    const [r1, r2] = raterDiagnostics(votes);
    // r1 against r2's B: 1030 opposite (0) and 1030 ties (½ each) = 515 over 2060 votes. r2 against r1's 1030 A and
    // 1030 ties: no single top choice, so no consensus.
    expect(r1).toMatchObject({ votes: 2060, consensusItems: 2060, consensusAgreement: 0.25 });
    expect(r2).toMatchObject({ votes: 1, consensusItems: 0, consensusAgreement: null });
  });

  it('flags a fast, left-clicking rater with reasons', () => {
    const votes = Array.from({ length: 30 }, (_, i) => vote('clicker', `q${i}`, 'x', 'y', 'A', 900));
    const [d] = raterDiagnostics(votes);
    expect(d!.flags.map((f) => f.code)).toEqual(['too_fast', 'position_bias']);
    expect(d!.flags[1]!.reason).toMatch(/^chose the left answer in 100% of 30 decided votes \(p = 1\.9e-9\)$/);
  });

  it('flags a rater who always says tie and one who votes against everyone', () => {
    const votes: ShownVote[] = [];
    for (let i = 0; i < 12; i++) {
      votes.push(vote('a', `q${i}`, 'x', 'y', 'A'), vote('b', `q${i}`, 'x', 'y', 'A'));
      votes.push(vote('contrarian', `q${i}`, 'x', 'y', 'B'));
      votes.push(vote('fence', `q${i}`, 'x', 'y', 'tie'));
    }
    const byRater = new Map(raterDiagnostics(votes).map((d) => [d.rater, d]));
    // Always tie scores ½ against a decided consensus: what voting at random scores there, so no worse than random.
    expect(byRater.get('fence')!.flags.map((f) => f.code)).toEqual(['always_tie']);
    // The contrarian's consensus on each item: a and b say x, fence says tie → x; opposite choice → 0.
    expect(byRater.get('contrarian')!.consensusAgreement).toBe(0);
    // 12 decided votes are too few (< 20) to call position bias.
    expect(byRater.get('contrarian')!.flags.map((f) => f.code)).toEqual(['against_consensus']);
    expect(byRater.get('a')!.flags).toEqual([]);
  });

  it('calls agreement below random only below what random votes score against the same consensus (hand-computed)', () => {
    // Ten items where two others said A, and ten where they said tie.
    const votes: ShownVote[] = [];
    const others = (item: string, outcome: 'A' | 'tie') => votes.push(vote('o1', item, 'x', 'y', outcome), vote('o2', item, 'x', 'y', outcome));
    for (let i = 0; i < 10; i++) others(`side${i}`, 'A');
    for (let i = 0; i < 10; i++) others(`tie${i}`, 'tie');
    const cast = (rater: string, prefix: string, outcomes: ('A' | 'B' | 'tie')[]) =>
      outcomes.forEach((outcome, i) => votes.push(vote(rater, `${prefix}${i}`, 'x', 'y', outcome)));
    const times = (n: number, outcome: 'A' | 'B' | 'tie') => Array<'A' | 'B' | 'tie'>(n).fill(outcome);
    // (3 + 5·½) / 10 = 0.55: above the ½ of random votes against a side (though below 5/9).
    cast('mostly-fair', 'side', [...times(3, 'A'), ...times(5, 'tie'), ...times(2, 'B')]);
    // (2 + 4·½) / 10 = 0.4: below ½.
    cast('contrary', 'side', [...times(2, 'A'), ...times(4, 'tie'), ...times(4, 'B')]);
    // 10 · ½ / 10 = 0.5 against ties: below the ⅔ random votes score against a tie.
    cast('never-tie', 'tie', times(10, 'A'));
    const byRater = new Map(raterDiagnostics(votes).map((d) => [d.rater, d]));
    expect(byRater.get('mostly-fair')).toMatchObject({ consensusAgreement: 0.55, flags: [] });
    expect(byRater.get('contrary')).toMatchObject({ consensusAgreement: 0.4 });
    expect(byRater.get('contrary')!.flags).toEqual([
      { code: 'against_consensus', reason: "agrees with the other raters' consensus 40% on 10 items, below the 50% of voting at random on them" },
    ]);
    expect(byRater.get('never-tie')!.flags.map((f) => f.reason)).toEqual([
      "agrees with the other raters' consensus 50% on 10 items, below the 67% of voting at random on them",
    ]);
  });

  it('finds the same consensus as a pass over the other votes of the item, raters voting twice included (property)', () => {
    const random = mulberry32(3);
    for (let round = 0; round < 100; round++) {
      const votes = randomLog(random, Math.floor(random() * 40), 5, 3);
      for (const d of raterDiagnostics(votes)) {
        expect({ consensusAgreement: d.consensusAgreement, consensusItems: d.consensusItems }).toEqual(passOverOthers(votes, d.rater));
      }
    }
  });
});

describe('RaterDiagnosticsTally', () => {
  it('gives what raterDiagnostics gives for the votes so far, read after any vote (property)', () => {
    const random = mulberry32(17);
    for (let round = 0; round < 60; round++) {
      const log = randomLog(random, Math.floor(random() * 80), 6, 3);
      const tally = new RaterDiagnosticsTally();
      log.forEach((vote, i) => {
        tally.add(vote);
        if (random() < 0.2) tally.settle();
        if (random() < 0.2) {
          const sofar = log.slice(0, i + 1);
          expect([...tally.raters()].map((rater) => tally.diagnosticsOf(rater))).toEqual(raterDiagnostics(sofar));
          for (const rater of tally.raters()) {
            const { consensusAgreement, consensusItems } = tally.diagnosticsOf(rater)!;
            expect({ consensusAgreement, consensusItems }).toEqual(passOverOthers(sofar, rater));
          }
        }
      });
      expect([...tally.raters()].map((rater) => tally.diagnosticsOf(rater))).toEqual(raterDiagnostics(log));
    }
  });

  it('follows a consensus that flips with every vote on an item many raters share', () => {
    // 200 raters alternate x and y on one item: the others' majority turns for every rater at every vote.
    const tally = new RaterDiagnosticsTally();
    const log: ShownVote[] = [];
    for (let i = 0; i < 200; i++) {
      const cast = vote(`r${i}`, 'q', 'x', 'y', i % 2 === 0 ? 'A' : 'B');
      log.push(cast);
      tally.add(cast);
      if (i % 7 === 0) expect([...tally.raters()].map((rater) => tally.diagnosticsOf(rater))).toEqual(raterDiagnostics(log));
    }
    expect([...tally.raters()].map((rater) => tally.diagnosticsOf(rater))).toEqual(raterDiagnostics(log));
  });

  it('computes again only the raters whose votes or consensus changed', () => {
    const tally = new RaterDiagnosticsTally();
    for (const rater of ['a', 'b', 'c']) tally.add(vote(rater, 'q1', 'x', 'y', 'A'));
    tally.add(vote('d', 'q2', 'x', 'y', 'A'));
    expect(tally.staleRaters()).toEqual(['a', 'b', 'c', 'd']);
    for (const rater of tally.raters()) tally.diagnosticsOf(rater);
    expect(tally.staleRaters()).toEqual([]);
    // A fourth vote on q1 agrees with the consensus everyone already had: only its rater changes.
    tally.add(vote('e', 'q1', 'x', 'y', 'A'));
    expect(tally.staleRaters()).toEqual(['e']);
    // d's second item, q3, has no one else on it: only d (raters listed in the order of their first vote).
    tally.add(vote('d', 'q3', 'x', 'y', 'B'));
    expect(tally.staleRaters()).toEqual(['d', 'e']);
  });
});

const key = (v: ShownVote) => orientVote({ rater: v.rater, item: v.question, modelA: v.modelA, modelB: v.modelB, outcome: v.outcome });

/** The consensus of the others, read off their votes one by one. */
function passOverOthers(all: readonly ShownVote[], rater: string) {
  let sum = 0;
  let items = 0;
  for (const own of all.filter((v) => v.rater === rater)) {
    const counts = new Map<string, number>();
    for (const other of all) {
      if (other.rater === rater || key(other).key !== key(own).key) continue;
      counts.set(key(other).outcome, (counts.get(key(other).outcome) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) continue;
    sum += PAIR_SCORES.tieDiscounted(key(own).outcome, ranked[0]![0] as ShownVote['outcome'])!;
    items++;
  }
  return { consensusAgreement: items === 0 ? null : sum / items, consensusItems: items };
}

/** `length` random votes by `raters` raters on `questions` questions of one model pair, shown either way round. */
function randomLog(random: () => number, length: number, raters: number, questions: number): ShownVote[] {
  const choices: ShownVote['outcome'][] = ['A', 'tie', 'B'];
  return Array.from({ length }, () => {
    const [a, b] = random() < 0.5 ? ['x', 'y'] : ['y', 'x'];
    const elapsedMs = random() < 0.1 ? null : Math.floor(random() * 20_000);
    return vote(`r${Math.floor(random() * raters)}`, `q${Math.floor(random() * questions)}`, a, b, choices[Math.floor(random() * 3)]!, elapsedMs);
  });
}
