// The trial's mechanisms on their own (src/design/): the switch rule of
// confirmed deterioration and the dropout timing. Plain unit tests.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mcarDropout } from '../../src/design/dropout.js';
import { confirmedDeterioration, switchWeekOf } from '../../src/design/switchRule.js';
import { PRODERM_PRIMARY_WEEK, PRODERM_VISITS } from '../../src/model/cohort.js';

const VISITS = [...PRODERM_VISITS]; // 0, 4, ..., 40
const FIRST = 2; // week 8: the first visit that can confirm
const END = VISITS.indexOf(PRODERM_PRIMARY_WEEK) + 1; // through week 16

/** The search over a patient worse at exactly `worseWeeks`, and the visits it asked about. */
function search(worseWeeks: number[]): { week: number; asked: number[] } {
  const asked: number[] = [];
  const week = confirmedDeterioration(VISITS, FIRST, END, (k) => {
    asked.push(VISITS[k]);
    return worseWeeks.includes(VISITS[k]);
  });
  return { week, asked };
}

/** The definition: the first visit j in [FIRST, END) worse at j - 1 and j. */
function byDefinition(worseWeeks: number[]): number {
  for (let j = FIRST; j < END; j++) if (worseWeeks.includes(VISITS[j - 1]) && worseWeeks.includes(VISITS[j])) return VISITS[j];
  return NaN;
}

describe('switch rule — confirmed deterioration and the switch (unit)', () => {
  it('confirms at the second of two consecutive worse visits, weeks 8-16, for every pattern of worse visits 4-16', () => {
    const weeks = [4, 8, 12, 16];
    for (let mask = 0; mask < 16; mask++) {
      const worse = weeks.filter((_, b) => (mask & (1 << b)) !== 0);
      const { week, asked } = search(worse);
      assert.ok(Object.is(week, byDefinition(worse)), `worse at ${worse.join(',') || 'none'}: ${week}`);
      assert.equal(new Set(asked).size, asked.length, `each visit asked at most once (${asked.join(',')})`);
    }
  });

  it('reads only what it needs: a patient never worse is asked about weeks 8 and 16 alone', () => {
    assert.deepEqual(search([]).asked, [8, 16]);
    assert.deepEqual(search([8, 12]), { week: 12, asked: [8, 4, 12] });
    assert.deepEqual(search([4, 8]), { week: 8, asked: [8, 4] });
  });

  it('week 4 alone confirms nothing; worse at 12 and 16 confirms at 16', () => {
    assert.ok(Number.isNaN(search([4]).week));
    assert.equal(search([12, 16]).week, 16);
  });

  it('switches a deteriorated placebo patient before the primary week only, and only with the crossover rule on', () => {
    assert.equal(switchWeekOf(0, true, 8, 16), 8);
    assert.equal(switchWeekOf(0, true, 12, 16), 12);
    assert.ok(Number.isNaN(switchWeekOf(0, true, 16, 16)), 'at the primary week everyone takes IVIg already');
    assert.ok(Number.isNaN(switchWeekOf(1, true, 8, 16)), 'IVIg patients do not switch');
    assert.ok(Number.isNaN(switchWeekOf(0, false, 8, 16)), 'crossover off');
    assert.ok(Number.isNaN(switchWeekOf(0, true, NaN, 16)), 'no deterioration');
  });
});

describe('dropout — the MCAR mechanism\'s timing (unit)', () => {
  it('spreads pBefore evenly over weeks 4-16 and pAfter of the rest over weeks 20-40 (exact on a grid of uniforms)', () => {
    const pBefore = 0.1;
    const pAfter = 0.3;
    const dropout = mcarDropout(pBefore, pAfter, VISITS, 16, 40);
    const N = 1_000_000;
    const count = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const w = dropout((i + 0.5) / N);
      count.set(w, (count.get(w) ?? 0) + 1);
    }
    // Each share is a whole number of grid cells give or take one.
    const tol = 2 / N;
    for (const w of [4, 8, 12, 16]) assert.ok(Math.abs((count.get(w) ?? 0) / N - pBefore / 4) <= tol, `week ${w}`);
    for (const w of [20, 24, 28, 32, 36, 40]) assert.ok(Math.abs((count.get(w) ?? 0) / N - ((1 - pBefore) * pAfter) / 6) <= tol, `week ${w}`);
    assert.ok(Math.abs((count.get(NaN) ?? 0) / N - (1 - pBefore) * (1 - pAfter)) <= tol, 'completers');
    assert.equal(count.size, 11);
  });

  it('a dropout after the design\'s horizon is none', () => {
    const dropout = mcarDropout(0.1, 0.9, VISITS, 16, 24);
    const weeks = new Set<number>();
    for (let i = 0; i < 1000; i++) weeks.add(dropout((i + 0.5) / 1000));
    assert.deepEqual([...weeks].filter((w) => !Number.isNaN(w)).sort((a, b) => a - b), [4, 8, 12, 16, 20, 24]);
  });
});
