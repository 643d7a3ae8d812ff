import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneSampleT } from '../../src/stats/oneSampleT.js';
import { twoSampleT } from '../../src/stats/twoSampleT.js';
import { wilcoxonRankSum } from '../../src/stats/wilcoxonRankSum.js';
import { cohensD } from '../../src/stats/cohensD.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import type { StatResult } from '../../src/stats/result.js';
import { assertClose, loadFixture } from '../support/fixtures.js';

type Num = number | string; // R writes NA / NaN / Inf as strings
type Sample = Num | Num[]; // jsonlite writes a sample of one as a bare number

interface Expected {
  estimable: boolean;
  reason?: string;
  n: number;
  estimate?: Num;
  se?: Num;
  lower?: Num;
  upper?: Num;
  df?: Num;
  statistic?: Num;
  p?: Num;
  W?: Num;
}
interface Fixture {
  oneSampleT: { id: string; x: Sample; mu: number; level: number; expected: Expected }[];
  twoSampleT: { id: string; x: Sample; y: Sample; pooled: boolean; level: number; expected: Expected }[];
  wilcoxonRankSum: { id: string; x: Sample; y: Sample; correct: boolean; expected: Expected }[];
  cohensD: { id: string; x: Sample; y: Sample; level: number; expected: Expected }[];
}

function num(v: Num | undefined): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN; // 'NA', 'NaN'
}

function sample(s: Sample): Float64Array {
  return Float64Array.from(Array.isArray(s) ? s : [s], num);
}

const REL = 1e-9;

function checkNotEstimable(got: StatResult, e: Expected): void {
  assert.equal(got.estimable, false, 'R refuses this data');
  assert.equal(got.reason, e.reason);
  assert.equal(got.n, e.n);
  for (const v of [got.estimate, got.se, got.p, got.ci[0], got.ci[1]]) assert.ok(Number.isNaN(v));
}

// Estimates and CI bounds near 0 are compared on the scale of their SE
// (absolute floor 1e-9 * se); t near 0 on an absolute 1e-9.
function checkT(got: StatResult, e: Expected): void {
  if (!e.estimable) return checkNotEstimable(got, e);
  assert.equal(got.estimable, true, `not estimable: ${got.reason}`);
  const se = num(e.se);
  assert.equal(got.n, e.n, 'n');
  assertClose(got.estimate, num(e.estimate), REL, 'estimate', REL * se);
  assertClose(got.se, se, REL, 'se');
  assertClose(got.df, num(e.df), REL, 'df');
  assertClose(got.statistic, num(e.statistic), REL, 't', REL);
  assertClose(got.p, num(e.p), REL, 'p');
  assertClose(got.ci[0], num(e.lower), REL, 'lower', REL * se);
  assertClose(got.ci[1], num(e.upper), REL, 'upper', REL * se);
}

const fixture = loadFixture<Fixture>('means.json');

describe('oneSampleT — tested against R (t.test)', () => {
  for (const c of fixture.oneSampleT) {
    it(c.id, () => checkT(oneSampleT(sample(c.x), { mu: c.mu, level: c.level }), c.expected));
  }
});

describe('twoSampleT — tested against R (t.test, var.equal = TRUE / FALSE)', () => {
  for (const c of fixture.twoSampleT) {
    it(c.id, () => checkT(twoSampleT(sample(c.x), sample(c.y), { pooled: c.pooled, level: c.level }), c.expected));
  }
});

describe('wilcoxonRankSum — tested against R (wilcox.test, exact = FALSE)', () => {
  for (const c of fixture.wilcoxonRankSum) {
    it(c.id, () => {
      const got = wilcoxonRankSum(sample(c.x), sample(c.y), { correct: c.correct });
      const e = c.expected;
      if (!e.estimable) return checkNotEstimable(got, e);
      assert.equal(got.estimable, true, `not estimable: ${got.reason}`);
      assert.equal(got.n, e.n);
      assertClose(got.statistic, num(e.W), REL, 'W', REL);
      assert.equal(got.estimate, got.statistic, 'estimate is W');
      // se: SD of W under H0, from the formula in wilcox.test's source (the
      // R script recomputes it; htest does not return it).
      assertClose(got.se, num(e.se), REL, 'sd of W');
      assertClose(got.p, num(e.p), REL, 'p');
      assert.equal(got.df, Infinity);
    });
  }
});

describe("cohensD — tested against an independent implementation in R (no base R function for Cohen's d)", () => {
  for (const c of fixture.cohensD) {
    it(c.id, () => {
      const got = cohensD(sample(c.x), sample(c.y), { level: c.level });
      const e = c.expected;
      if (!e.estimable) return checkNotEstimable(got, e);
      assert.equal(got.estimable, true, `not estimable: ${got.reason}`);
      const se = num(e.se);
      assert.equal(got.n, e.n);
      assertClose(got.estimate, num(e.estimate), REL, 'd', REL * se);
      assertClose(got.se, se, REL, 'se');
      assertClose(got.ci[0], num(e.lower), REL, 'lower', REL * se);
      assertClose(got.ci[1], num(e.upper), REL, 'upper', REL * se);
      assert.equal(got.df, Infinity);
      assert.ok(Number.isNaN(got.p), 'no test');
    });
  }
});

describe('means tests — plain unit tests', () => {
  const x = Float64Array.from([1.5, 2, 3.25, 4, 6]);
  const y = Float64Array.from([0.5, 1, 2.5, 2]);

  it('fixture covers every function with estimable and degenerate cases', () => {
    for (const cases of Object.values(fixture) as { expected: Expected }[][]) {
      assert.ok(cases.length >= 25);
      assert.ok(cases.some((c) => !c.expected.estimable));
      assert.ok(cases.filter((c) => c.expected.estimable).length >= 20);
    }
  });

  it('±Infinity is invalid for the t tests and d, but ranked by Wilcoxon (as R)', () => {
    const xi = Float64Array.from([1, 2, Infinity]);
    assert.equal(oneSampleT(xi).reason, NOT_ESTIMABLE.badInput);
    assert.equal(twoSampleT(xi, y).reason, NOT_ESTIMABLE.badInput);
    assert.equal(cohensD(y, xi).reason, NOT_ESTIMABLE.badInput);
    assert.equal(wilcoxonRankSum(xi, y).estimable, true);
  });

  it('rejects a CI level outside (0, 1) and a non-finite mu', () => {
    assert.equal(oneSampleT(x, { level: 0 }).reason, NOT_ESTIMABLE.badInput);
    assert.equal(oneSampleT(x, { mu: NaN }).reason, NOT_ESTIMABLE.badInput);
    assert.equal(twoSampleT(x, y, { level: 1 }).reason, NOT_ESTIMABLE.badInput);
    assert.equal(cohensD(x, y, { level: 1.5 }).reason, NOT_ESTIMABLE.badInput);
  });

  it('swapping the samples negates the t-test estimate and d, and mirrors W', () => {
    for (const pooled of [true, false]) {
      const a = twoSampleT(x, y, { pooled });
      const b = twoSampleT(y, x, { pooled });
      assert.equal(a.estimate, -b.estimate);
      assertClose(a.p, b.p, 1e-14, 'p');
    }
    assert.equal(cohensD(x, y).estimate, -cohensD(y, x).estimate);
    const w = wilcoxonRankSum(x, y);
    assert.equal(w.estimate + wilcoxonRankSum(y, x).estimate, x.length * y.length);
  });

  it('accepts plain arrays as well as typed arrays', () => {
    assert.deepEqual(oneSampleT([...x]), oneSampleT(x));
    assert.deepEqual(wilcoxonRankSum([...x], [...y]), wilcoxonRankSum(x, y));
  });
});
