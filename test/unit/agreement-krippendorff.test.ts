import { describe, expect, it } from 'vitest';
import { krippendorffAlphaOrdinal, krippendorffAlphaOrdinalOfUnits } from '../../shared/agreement/krippendorff.js';
import type { AgreementVote } from '../../shared/agreement/orient.js';
import { mulberry32 } from '../../shared/stats/random.js';

type Outcome = AgreementVote['outcome'];
const vote = (rater: string, item: string, modelA: string, modelB: string, outcome: Outcome): AgreementVote => ({
  rater,
  item,
  modelA,
  modelB,
  outcome,
});

describe('krippendorffAlphaOrdinalOfUnits', () => {
  it("reproduces Krippendorff (2011)'s example: 4 observers, 12 units, values 1–5, missing data, ordinal α = .815", () => {
    // Columns of the paper's reliability data matrix (observers A–D), missing values left out.
    const units = [
      [1, 1, 1],
      [2, 2, 3, 2],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [2, 2, 2, 2],
      [1, 2, 3, 4],
      [4, 4, 4, 4],
      [1, 1, 2, 1],
      [2, 2, 2, 2],
      [5, 5, 5],
      [1, 1],
      [3], // one value: not pairable
    ];
    const alpha = krippendorffAlphaOrdinalOfUnits(units);
    expect(alpha.units).toBe(11);
    expect(alpha.values).toBe(40);
    expect(alpha.value!.toFixed(3)).toBe('0.815');
  });

  it('is 1 for perfect agreement (property) and undefined when every value is the same', () => {
    expect(krippendorffAlphaOrdinalOfUnits([[1, 1], [3, 3, 3], [2, 2]]).value).toBe(1);
    expect(krippendorffAlphaOrdinalOfUnits([[2, 2], [2, 2, 2]]).value).toBeNull();
    expect(krippendorffAlphaOrdinalOfUnits([[1], [3]])).toEqual({ value: null, units: 0, values: 0 });
  });

  it('depends only on the order of the values', () => {
    const units = [[1, 2, 2], [3, 3], [1, 3], [2, 1]];
    const stretched = units.map((unit) => unit.map((v) => v ** 3 + 10));
    expect(krippendorffAlphaOrdinalOfUnits(stretched).value).toBeCloseTo(krippendorffAlphaOrdinalOfUnits(units).value!, 12);
  });
});

describe('krippendorffAlphaOrdinal on votes (A < tie < B)', () => {
  it('gives 2/7 on a small case computed by hand', () => {
    // Units (oriented items) and values, A = 1, tie = 2, B = 3:
    //   q1: A, A, tie   (m = 3, each ordered pair weighs 1/(m−1) = ½)
    //   q2: B, B        (m = 2, weight 1)
    //   q3: A, B        (one vote was cast as "A" with the models shown the other way round)
    //   q4: A           (alone: not pairable)
    // Coincidences: q1 gives (A,A)×2·½ = 1, (A,tie)×2·½ = 1, (tie,A) = 1; q2 (B,B) 2; q3 (A,B) 1, (B,A) 1.
    //        A  tie  B | n_c
    //   A    1   1   1 |  3
    //   tie  1   0   0 |  1
    //   B    1   0   2 |  3      n = 7
    // Ordinal δ²: A–tie (3 + 1 − (3+1)/2)² = 4; tie–B (1 + 3 − (1+3)/2)² = 4; A–B (3+1+3 − (3+3)/2)² = 16.
    // Σ_{c<k} o_ck δ² = 1·4 + 1·16 + 0·4 = 20;  Σ_{c<k} n_c n_k δ² = 3·1·4 + 3·3·16 + 1·3·4 = 168.
    // α = 1 − (n − 1) · 20 / 168 = 1 − 6 · 20 / 168 = 1 − 5/7 = 2/7.
    const votes = [
      vote('r1', 'q1', 'x', 'y', 'A'),
      vote('r2', 'q1', 'x', 'y', 'A'),
      vote('r3', 'q1', 'x', 'y', 'tie'),
      vote('r1', 'q2', 'x', 'y', 'B'),
      vote('r2', 'q2', 'x', 'y', 'B'),
      vote('r1', 'q3', 'x', 'y', 'A'),
      vote('r2', 'q3', 'y', 'x', 'A'),
      vote('r1', 'q4', 'x', 'y', 'A'),
    ];
    const alpha = krippendorffAlphaOrdinal(votes);
    expect(alpha.value).toBeCloseTo(2 / 7, 12);
    expect(alpha).toMatchObject({ units: 3, values: 7 });
  });

  it('is 1 when raters always agree, whichever side each saw the models on', () => {
    const votes = [
      vote('r1', 'q1', 'x', 'y', 'A'),
      vote('r2', 'q1', 'y', 'x', 'B'),
      vote('r1', 'q2', 'x', 'y', 'tie'),
      vote('r2', 'q2', 'y', 'x', 'tie'),
      vote('r1', 'q3', 'x', 'y', 'B'),
      vote('r2', 'q3', 'x', 'y', 'B'),
    ];
    expect(krippendorffAlphaOrdinal(votes).value).toBe(1);
  });

  it('never pairs a rater with themselves: a second vote on an item is not a second coder (hand-computed 4/9)', () => {
    const twoRaters = [
      vote('j1', 'q2', 'x', 'y', 'A'),
      vote('j2', 'q2', 'x', 'y', 'B'),
      vote('j1', 'q3', 'x', 'y', 'A'),
      vote('j2', 'q3', 'x', 'y', 'A'),
      vote('j1', 'q4', 'x', 'y', 'B'),
      vote('j2', 'q4', 'x', 'y', 'B'),
    ];
    // n_A = n_B = 3, o_AB = 1, δ² alike for the only pair of values: α = 1 − (6 − 1) · 1 / (3 · 3) = 4/9.
    expect(krippendorffAlphaOrdinal(twoRaters)).toMatchObject({ value: expect.closeTo(4 / 9, 12), units: 3, values: 6 });
    const withRepeats = [
      ...twoRaters,
      vote('j1', 'q1', 'x', 'y', 'A'),
      vote('j1', 'q1', 'x', 'y', 'A'),
      vote('j1', 'q5', 'x', 'y', 'B'),
      vote('j1', 'q5', 'x', 'y', 'B'),
      vote('j1', 'q2', 'x', 'y', 'B'),
    ];
    expect(krippendorffAlphaOrdinal(withRepeats)).toMatchObject({ value: expect.closeTo(4 / 9, 12), units: 3, values: 6 });
  });

  it('is near 0 for random votes (property)', () => {
    const random = mulberry32(7);
    const choices: Outcome[] = ['A', 'tie', 'B'];
    const votes = Array.from({ length: 30000 }, (_, i) =>
      vote(`r${i % 3}`, `q${Math.floor(i / 3)}`, 'x', 'y', choices[Math.floor(random() * 3)]!),
    );
    expect(Math.abs(krippendorffAlphaOrdinal(votes).value!)).toBeLessThan(0.02);
  });
});
