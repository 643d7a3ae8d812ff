// The internal kernels: lgamma and lbeta tested against R 4.2 (lgamma,
// lbeta); they enter the p-values only inside exponents, so they are held to
// 1e-13 absolute (relative above 1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx } from './rFixture.js';
import { lgamma, lbeta, stirlerr } from '../../src/stats/distributions/logGamma.js';
import { bd0 } from '../../src/stats/distributions/saddlePoint.js';


describe('log-gamma kernels — tested against R 4.2 (lgamma, lbeta)', () => {
  it('lgamma from 1e-300 to 1e100 within 1e-13 * max(1, |value|)', () => {
    const bad: string[] = [];
    for (const [x, want] of fx.lgamma as number[][]) {
      const got = lgamma(x);
      if (!(Math.abs(got - want) <= 1e-13 * Math.max(1, Math.abs(want)))) bad.push(`lgamma(${x}) = ${got}, R ${want}`);
    }
    assert.ok(fx.lgamma.length > 60);
    assert.deepEqual(bad, []);
  });

  it('lbeta for a, b from 1e-3 to 1e8 within 1e-13 * max(1, |value|)', () => {
    const bad: string[] = [];
    for (const [a, b, want] of fx.lbeta as number[][]) {
      const got = lbeta(a, b);
      if (!(Math.abs(got - want) <= 1e-13 * Math.max(1, Math.abs(want)))) bad.push(`lbeta(${a}, ${b}) = ${got}, R ${want}`);
    }
    assert.ok(fx.lbeta.length > 100);
    assert.deepEqual(bad, []);
  });
});

// The defining formulas cancel (that is why the kernels avoid them), so they
// are only trusted to their own rounding error: |lgamma(n + 1)| * 4e-16 plus
// lgamma's own 5e-15 absolute error (see the R test above) for stirlerr,
// (x + m) * 4e-16 for bd0.
describe('saddle-point terms — unit tests against their defining formulas', () => {
  it('stirlerr(n) = lgamma(n + 1) - (n + 1/2) log n + n - log sqrt(2 pi) across the table/series switches', () => {
    for (const n of [0.5, 1, 7.5, 14.9, 15, 15.1, 40, 100, 600]) {
      const big = lgamma(n + 1);
      const direct = big - (n + 0.5) * Math.log(n) + n - 0.918938533204672741780329736406;
      assert.ok(Math.abs(stirlerr(n) - direct) <= 4e-16 * Math.max(1, big) + 5e-15, `stirlerr(${n})`);
    }
    // exact values at half-integers come from the table: stirlerr(1) = 1 - log sqrt(2 pi)
    assert.ok(Math.abs(stirlerr(1) - (1 - 0.918938533204672741780329736406)) < 1e-16);
  });

  it('bd0(x, m) = x log(x/m) + m - x, by the series near x = m and directly elsewhere', () => {
    for (const [x, m] of [[10, 10.5], [1000, 1001], [5, 20], [0.5, 3]]) {
      const direct = x * Math.log(x / m) + m - x;
      assert.ok(Math.abs(bd0(x, m) - direct) <= 4e-16 * (x + m), `bd0(${x}, ${m})`);
    }
    // second-order behaviour near x = m: bd0 ~ (x - m)^2 / (2m)
    assert.ok(Math.abs(bd0(1e6 + 1, 1e6) / (1 / (2e6)) - 1) < 1e-5);
    assert.equal(bd0(7, 7), 0);
  });
});
