import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { riskDifference } from '../../src/stats/riskDifference.js';
import { pearsonChiSquare } from '../../src/stats/pearsonChiSquare.js';
import { fisherExact, type FisherAlternative } from '../../src/stats/fisherExact.js';
import { cochranMantelHaenszel } from '../../src/stats/cochranMantelHaenszel.js';
import { mantelHaenszelRiskDifference } from '../../src/stats/mantelHaenszelRiskDifference.js';
import { NOT_ESTIMABLE, type StatResult } from '../../src/stats/result.js';
import { assertClose, closeTo, loadFixture } from '../support/fixtures.js';
import { UNIROOT_TOL } from '../../src/stats/zeroin.js';

type Num = number | string; // R's non-finite values are written as strings
interface NotEstimableCase {
  estimable: false;
  reason: string;
}
interface RdInterval {
  estimable: true;
  estimate: Num;
  se?: Num;
  lower: Num;
  upper: Num;
  statistic?: Num;
  p?: Num;
}
interface RdCase {
  x1: number;
  n1: number;
  x0: number;
  n0: number;
  level: number;
  wald: RdInterval | NotEstimableCase;
  newcombe: RdInterval | NotEstimableCase;
}
type ChisqCase = { table: number[]; rows: number; cols: number; correct: boolean } & (
  | NotEstimableCase
  | { estimable: true; statistic: Num; df: Num; p: Num }
);
type FisherCase = { a: number; b: number; c: number; d: number; alternative: FisherAlternative; level: number } & (
  | NotEstimableCase
  | { estimable: true; p: Num; estimate: Num; lower: Num; upper: Num }
);
type CmhCase = { k: number; tables: number[]; correct: boolean; level: number } & (
  | NotEstimableCase
  | { estimable: true; statistic: Num; p: Num; estimate: Num; lower: Num; upper: Num; se: Num; n: number }
);
type MhrdCase = { k: number; tables: number[]; level: number } & (
  | NotEstimableCase
  | { estimable: true; estimate: Num; se: Num; lower: Num; upper: Num; statistic: Num; p: Num; n: number }
);
interface Fixture {
  riskDifference: RdCase[];
  chisq: ChisqCase[];
  fisher: FisherCase[];
  cmh: CmhCase[];
  mhrd: MhrdCase[];
}

function num(v: Num): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN; // 'NA', 'NaN'
}

const fx = loadFixture<Fixture>('proportions.json');

const REL = 1e-9;
// Absolute floors, only where the value can be ~0:
// - quantities on the probability scale (risk differences and their limits,
//   which are differences of numbers ≤ 1): 1e-14, about 50 ulp of 1, where a
//   value such as d − sqrt(...) lands on 0 up to cancellation;
const PROB_ABS = 1e-14;
// - p-values that underflow: past ~1e-300 both sides are rounding noise.
const P_ABS = 1e-300;

function expectNotEstimable(r: StatResult, reason: string, label: string): void {
  assert.equal(r.estimable, false, `${label}: should not be estimable`);
  assert.equal(r.reason, reason, `${label}: reason`);
  assert.ok(Number.isNaN(r.estimate) && Number.isNaN(r.p), `${label}: fields NaN`);
}

describe('riskDifference — tested against R (Wald by formula; Newcombe from prop.test Wilson limits)', () => {
  it(`matches R on ${fx.riskDifference.length} data sets, Wald`, () => {
    for (const c of fx.riskDifference) {
      const label = `wald ${c.x1}/${c.n1} vs ${c.x0}/${c.n0} @${c.level}`;
      const r = riskDifference(c.x1, c.n1, c.x0, c.n0, { method: 'wald', level: c.level });
      if (!c.wald.estimable) {
        expectNotEstimable(r, c.wald.reason, label);
        continue;
      }
      const e = c.wald;
      assert.equal(r.estimable, true, label);
      assertClose(r.estimate, num(e.estimate), REL, `${label} estimate`, PROB_ABS);
      assertClose(r.se, num(e.se!), REL, `${label} se`);
      assertClose(r.ci[0], num(e.lower), REL, `${label} lower`, PROB_ABS);
      assertClose(r.ci[1], num(e.upper), REL, `${label} upper`, PROB_ABS);
      assertClose(r.statistic, num(e.statistic!), REL, `${label} z`, PROB_ABS);
      assertClose(r.p, num(e.p!), REL, `${label} p`, P_ABS);
      assert.equal(r.n, c.n1 + c.n0);
      assert.equal(r.df, Infinity);
    }
  });

  it(`matches R on ${fx.riskDifference.length} data sets, Newcombe hybrid score`, () => {
    for (const c of fx.riskDifference) {
      const label = `newcombe ${c.x1}/${c.n1} vs ${c.x0}/${c.n0} @${c.level}`;
      const r = riskDifference(c.x1, c.n1, c.x0, c.n0, { method: 'newcombe', level: c.level });
      if (!c.newcombe.estimable) {
        expectNotEstimable(r, c.newcombe.reason, label);
        continue;
      }
      const e = c.newcombe;
      assert.equal(r.estimable, true, label);
      assertClose(r.estimate, num(e.estimate), REL, `${label} estimate`, PROB_ABS);
      assertClose(r.ci[0], num(e.lower), REL, `${label} lower`, PROB_ABS);
      assertClose(r.ci[1], num(e.upper), REL, `${label} upper`, PROB_ABS);
      assert.ok(Number.isNaN(r.p) && Number.isNaN(r.se), `${label}: Newcombe has no test`);
    }
  });

  it('rejects counts outside 0..n (unit)', () => {
    expectNotEstimable(riskDifference(6, 5, 1, 5), NOT_ESTIMABLE.badInput, 'x > n');
    expectNotEstimable(riskDifference(-1, 5, 1, 5), NOT_ESTIMABLE.badInput, 'x < 0');
    expectNotEstimable(riskDifference(NaN, 5, 1, 5), NOT_ESTIMABLE.badInput, 'NaN');
    expectNotEstimable(riskDifference(1.5, 5, 1, 5), NOT_ESTIMABLE.badInput, 'fractional');
  });
});

describe('pearsonChiSquare — tested against R (chisq.test)', () => {
  it(`matches R on ${fx.chisq.length} tables (2×2 with and without Yates, r×c)`, () => {
    for (const c of fx.chisq) {
      const label = `chisq ${c.rows}x${c.cols} [${c.table.join(',')}] correct=${c.correct}`;
      const r = pearsonChiSquare(Float64Array.from(c.table), c.rows, c.cols, { correct: c.correct });
      if (!c.estimable) {
        expectNotEstimable(r, c.reason, label);
        continue;
      }
      assert.equal(r.estimable, true, label);
      // X² is exactly 0 for a table equal to its expectation (R rounds to ~1e-31)
      assertClose(r.statistic, num(c.statistic), REL, `${label} statistic`, 1e-12);
      assert.equal(r.df, num(c.df), `${label} df`);
      assertClose(r.p, num(c.p), REL, `${label} p`, P_ABS);
      assert.equal(r.n, c.table.reduce((s, v) => s + v, 0));
    }
  });

  it('rejects malformed tables (unit)', () => {
    expectNotEstimable(pearsonChiSquare([1, 2, 3], 2, 2), NOT_ESTIMABLE.badInput, 'length');
    expectNotEstimable(pearsonChiSquare([1, 2], 1, 2), NOT_ESTIMABLE.badInput, 'one row');
    expectNotEstimable(pearsonChiSquare([1, -2, 3, 4], 2, 2), NOT_ESTIMABLE.badInput, 'negative');
    expectNotEstimable(pearsonChiSquare([1, NaN, 3, 4], 2, 2), NOT_ESTIMABLE.badInput, 'NaN');
  });
});

describe('fisherExact — tested against R (fisher.test: p, conditional MLE, conditional CI)', () => {
  it(`matches R on ${fx.fisher.length} tables`, () => {
    let roots = 0;
    let flips = 0;
    // fisher.test's MLE and limits are uniroot() roots, exact only to
    // tol = eps^0.25 on the scale uniroot searched (ψ when ψ ≤ 1, 1/ψ when
    // ψ > 1). Our zeroin replays R's iterations, so they normally agree to
    // rounding (1e-9); where a last-bit difference in the function flips one of
    // Brent's step decisions, the two runs stop at different points within tol
    // of the root: then they must agree within 2·tol on that scale, and such
    // flips must stay rare.
    const root = (got: number, want: number, label: string): void => {
      roots++;
      const scale = (v: number): number => (v <= 1 ? v : 1 / v);
      if (closeTo(got, want, REL)) return;
      flips++;
      assert.ok(Math.abs(scale(got) - scale(want)) <= 2 * UNIROOT_TOL, `${label}: got ${got}, R says ${want}`);
    };
    for (const c of fx.fisher) {
      const label = `fisher [[${c.a},${c.b}],[${c.c},${c.d}]] ${c.alternative} @${c.level}`;
      const r = fisherExact(c.a, c.b, c.c, c.d, { alternative: c.alternative, level: c.level });
      if (!c.estimable) {
        expectNotEstimable(r, c.reason, label);
        continue;
      }
      assert.equal(r.estimable, true, label);
      assertClose(r.p, num(c.p), REL, `${label} p`, P_ABS);
      root(r.estimate, num(c.estimate), `${label} estimate`);
      root(r.ci[0], num(c.lower), `${label} lower`);
      root(r.ci[1], num(c.upper), `${label} upper`);
      assert.equal(r.n, c.a + c.b + c.c + c.d);
    }
    assert.ok(flips <= roots / 100, `${flips} of ${roots} roots differ from R beyond 1e-9`);
  });

  it('the p-value-only path gives the same p (unit)', () => {
    for (const c of fx.fisher) {
      if (!c.estimable) continue;
      const full = fisherExact(c.a, c.b, c.c, c.d, { alternative: c.alternative });
      const fast = fisherExact(c.a, c.b, c.c, c.d, { alternative: c.alternative, estimate: false });
      assert.equal(fast.p, full.p);
      assert.ok(Number.isNaN(fast.estimate));
    }
  });

  it('rejects non-counts (unit)', () => {
    expectNotEstimable(fisherExact(1, 2, 3, -1), NOT_ESTIMABLE.badInput, 'negative');
    expectNotEstimable(fisherExact(1, 2.5, 3, 1), NOT_ESTIMABLE.badInput, 'fractional');
    expectNotEstimable(fisherExact(1, 2, NaN, 1), NOT_ESTIMABLE.badInput, 'NaN');
  });

  it('one possible table (all responders or none, both rows filled): the test alone has p = 1, as R (unit)', () => {
    // R: fisher.test(matrix(c(5, 3, 0, 0), 2))$p.value is 1, in every alternative.
    for (const alternative of ['two.sided', 'less', 'greater'] as const) {
      for (const [a, b, c, d] of [[5, 0, 3, 0], [0, 5, 0, 3]]) {
        const r = fisherExact(a, b, c, d, { alternative, estimate: false });
        assert.equal(r.estimable, true, `${a} ${b} ${c} ${d} ${alternative}`);
        assert.equal(r.p, 1);
        expectNotEstimable(fisherExact(a, b, c, d, { alternative }), NOT_ESTIMABLE.degenerateTable, 'no odds ratio');
      }
    }
    expectNotEstimable(fisherExact(0, 0, 3, 2, { estimate: false }), NOT_ESTIMABLE.degenerateTable, 'an empty row');
  });
});

describe('cochranMantelHaenszel — tested against R (mantelhaen.test)', () => {
  it(`matches R on ${fx.cmh.length} stratified tables`, () => {
    for (const c of fx.cmh) {
      const label = `cmh k=${c.k} [${c.tables.join(',')}] correct=${c.correct} @${c.level}`;
      const r = cochranMantelHaenszel(Float64Array.from(c.tables), c.k, { correct: c.correct, level: c.level });
      if (!c.estimable) {
        expectNotEstimable(r, c.reason, label);
        continue;
      }
      assert.equal(r.estimable, true, label);
      // the statistic is exactly 0 when Σ(a − E a) is; R's sum leaves ~1e-30
      assertClose(r.statistic, num(c.statistic), REL, `${label} statistic`, 1e-12);
      assertClose(r.p, num(c.p), REL, `${label} p`, P_ABS);
      assertClose(r.estimate, num(c.estimate), REL, `${label} estimate`);
      assertClose(r.ci[0], num(c.lower), REL, `${label} lower`);
      assertClose(r.ci[1], num(c.upper), REL, `${label} upper`);
      // R's se is read back from its interval, log(upper / estimate) / z: that
      // loses about 1e-16 / (z·se) relatively, still far inside 1e-9 here
      assertClose(r.se, num(c.se), REL, `${label} se`);
      assert.equal(r.df, 1);
      assert.equal(r.n, c.n, `${label} n`);
    }
  });

  it('one stratum without correction is (n − 1)/n times Pearson X² (second implementation)', () => {
    for (const c of fx.chisq) {
      if (c.rows !== 2 || c.cols !== 2 || !c.estimable || c.correct) continue;
      const n = c.table.reduce((s, v) => s + v, 0);
      const mh = cochranMantelHaenszel(c.table, 1, { correct: false });
      const pearson = pearsonChiSquare(c.table, 2, 2, { correct: false });
      assertClose(mh.statistic, ((n - 1) / n) * pearson.statistic, 1e-12, `[${c.table.join(',')}]`, 1e-12);
    }
  });
});

describe('mantelHaenszelRiskDifference — tested against the published formula in R (Sato 1989)', () => {
  it(`matches R on ${fx.mhrd.length} stratified tables`, () => {
    for (const c of fx.mhrd) {
      const label = `mhrd k=${c.k} [${c.tables.join(',')}] @${c.level}`;
      const r = mantelHaenszelRiskDifference(Float64Array.from(c.tables), c.k, { level: c.level });
      if (!c.estimable) {
        expectNotEstimable(r, c.reason, label);
        continue;
      }
      assert.equal(r.estimable, true, label);
      assertClose(r.estimate, num(c.estimate), REL, `${label} estimate`, PROB_ABS);
      assertClose(r.se, num(c.se), REL, `${label} se`);
      assertClose(r.ci[0], num(c.lower), REL, `${label} lower`, PROB_ABS);
      assertClose(r.ci[1], num(c.upper), REL, `${label} upper`, PROB_ABS);
      assertClose(r.statistic, num(c.statistic), REL, `${label} z`, PROB_ABS);
      assertClose(r.p, num(c.p), REL, `${label} p`, P_ABS);
      assert.equal(r.n, c.n, `${label} n`);
    }
  });

  it('one stratum gives the crude risk difference (second implementation)', () => {
    let compared = 0;
    for (const c of fx.riskDifference) {
      if (c.n1 === 0 || c.n0 === 0) continue;
      const table = [c.x1, c.n1 - c.x1, c.x0, c.n0 - c.x0];
      const mh = mantelHaenszelRiskDifference(table, 1);
      const crude = riskDifference(c.x1, c.n1, c.x0, c.n0, { method: 'newcombe' });
      if (!mh.estimable) continue; // Sato's variance is 0 when every patient responds, say
      assertClose(mh.estimate, crude.estimate, 1e-12, `[${table.join(',')}]`, 1e-15);
      compared++;
    }
    assert.ok(compared >= 250, `only ${compared} tables compared`);
  });
});
