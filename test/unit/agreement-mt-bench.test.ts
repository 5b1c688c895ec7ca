import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from '../../shared/agreement/bootstrap.js';
import { krippendorffAlphaOrdinal } from '../../shared/agreement/krippendorff.js';
import { s1Agreement, s2Agreement, tieDiscountedAgreement } from '../../shared/agreement/pairwise.js';
import { detectExternalLogFormat, parseExternalLog, toAgreementVotes, type ExternalVote } from '../../shared/research/external-log.js';

/*
 * MT-Bench human judgments (Zheng et al. 2023, arXiv 2306.05685; CC BY 4.0, see the fixture's README.md): 3,355
 * expert votes. The paper's agreement table, row "Human" vs "Human", is reproduced exactly, counts included, with:
 *   - raters: `expert_N` judges only; the 687 votes of `author_N` are not human experts in that table
 *     (counting them gives 1,198 and 1,169 S1 pairs instead of 721 and 707);
 *   - items: (question, unordered model pair, turn), every vote oriented to one model order: 1,787 of the rows name
 *     the alphabetically later model as model_a. Pairing only votes shown in the same order finds 373 pairs, not 721;
 *   - pairs: every two votes on an item by two different experts. No expert voted twice on an item here, so the rule
 *     for repeated votes (each vote counts, a rater is never paired with themself) changes nothing on this data.
 */
const folder = join(import.meta.dirname, '../fixtures/mt_bench_human');
const text = readFileSync(join(folder, 'mt_bench_human.csv'), 'utf8');
const log = parseExternalLog(text, detectExternalLogFormat(text, 'mt_bench_human.csv'));

const isExpert = (vote: ExternalVote) => vote.judge !== null && vote.judge.startsWith('expert_');
const experts = (turn: number) => toAgreementVotes(log.votes.filter((vote) => isExpert(vote) && vote.turn === turn));
const percent = (value: number | null) => Math.round(100 * value!);
const round4 = (value: number | null) => Math.round(10000 * value!) / 10000;

describe('MT-Bench human judgments', () => {
  it('parse as CSV without a problem: 3,355 votes, 2,668 by experts', () => {
    expect(log.errorCount).toBe(0);
    expect(log.votes).toHaveLength(3355);
    expect(log.votes.filter(isExpert)).toHaveLength(2668);
    expect(log.votes[0]).toEqual({
      modelA: 'alpaca-13b',
      modelB: 'gpt-3.5-turbo',
      outcome: 'B',
      judge: 'author_2',
      questionId: '81',
      category: null,
      turn: 1,
      tstamp: null,
      elapsedMs: null,
      excluded: false,
    });
  });

  it('turn 1, human vs human: S1 63% over 721 pairs, S2 81% over 479 pairs (published)', () => {
    const votes = experts(1);
    expect(s1Agreement(votes)).toMatchObject({ pairs: 721 });
    expect(percent(s1Agreement(votes).value)).toBe(63); // 454 / 721 = 0.6297
    expect(s2Agreement(votes)).toMatchObject({ pairs: 479 });
    expect(percent(s2Agreement(votes).value)).toBe(81); // 388 / 479 = 0.8100
  });

  it('turn 2, human vs human: S1 67% over 707 pairs, S2 82% over 474 pairs (published)', () => {
    const votes = experts(2);
    expect(s1Agreement(votes)).toMatchObject({ pairs: 707 });
    expect(percent(s1Agreement(votes).value)).toBe(67); // 471 / 707 = 0.6662
    expect(s2Agreement(votes)).toMatchObject({ pairs: 474 });
    expect(percent(s2Agreement(votes).value)).toBe(82); // 388 / 474 = 0.8186
  });

  it('matches only with that definition: authors counted or votes not oriented give other pair counts', () => {
    const everyone = toAgreementVotes(log.votes.filter((vote) => vote.turn === 1));
    expect(s1Agreement(everyone).pairs).toBe(1198);
    // Putting the shown order into the item keeps votes shown the other way round apart.
    const unoriented = experts(1).map((vote) => ({ ...vote, item: `${vote.item}#${vote.modelA}>${vote.modelB}` }));
    expect(s1Agreement(unoriented).pairs).toBe(373);
  });

  it('turn 1: tie-discounted agreement 0.7517 (721 pairs on 370 items), ordinal alpha 0.5348', () => {
    const votes = experts(1);
    expect(tieDiscountedAgreement(votes)).toMatchObject({ pairs: 721, items: 370 });
    expect(round4(tieDiscountedAgreement(votes).value)).toBe(0.7517); // 542 / 721
    expect(krippendorffAlphaOrdinal(votes)).toMatchObject({ units: 370, values: 892 });
    expect(round4(krippendorffAlphaOrdinal(votes).value)).toBe(0.5348);
  });

  it('turn 2: tie-discounted agreement 0.7723 (707 pairs on 364 items), ordinal alpha 0.5778', () => {
    const votes = experts(2);
    expect(tieDiscountedAgreement(votes)).toMatchObject({ pairs: 707, items: 364 });
    expect(round4(tieDiscountedAgreement(votes).value)).toBe(0.7723); // 546 / 707
    expect(krippendorffAlphaOrdinal(votes)).toMatchObject({ units: 364, values: 877 });
    expect(round4(krippendorffAlphaOrdinal(votes).value)).toBe(0.5778);
  });

  it('turn 1: 95% item-bootstrap interval of the tie-discounted agreement, seed 1, is [0.7173, 0.7897]', () => {
    const interval = bootstrapInterval(experts(1), tieDiscountedAgreement, { seed: 1 });
    expect(interval).toMatchObject({ rounds: 1000, defined: 1000, items: 370 });
    expect([round4(interval.lower), round4(interval.upper)]).toEqual([0.7173, 0.7897]);
  });
});
