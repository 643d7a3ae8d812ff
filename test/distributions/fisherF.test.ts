// Tested against R 4.2 (test/fixtures/r/distributions.R): pf over 8 df1 x 11
// df2 (1 .. 1e4, non-integer, Inf) x 15 x values, plus 450 random points
// (df1 up to 1e5, df2 up to 1e6), both tails; qf at 12 p values for the same
// df pairs plus 200 random.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx, num, pvalueMismatch, quantileMismatch } from './rFixture.js';
import { pf, qf } from '../../src/stats/distributions/fisherF.js';




describe('pf, qf — tested against R 4.2 (pf, qf)', () => {
  it('pf: both tails at 1e-10 relative down to 1e-300; x = 0, Inf; infinite df; df <= 0 gives NaN', () => {
    const bad: string[] = [];
    for (const r of fx.pf) {
      const got = pf(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean);
      if (pvalueMismatch(got, num(r[4]))) bad.push(`pf(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}) = ${got}, R ${r[4]}`);
    }
    assert.ok(fx.pf.length > 2900);
    assert.deepEqual(bad, []);
  });

  it('qf: where R\'s qf reproduces p, equal to it at 1e-9 relative', () => {
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.qf) {
      if (r[6] === true) continue;
      n++;
      const got = qf(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean);
      if (quantileMismatch(got, num(r[4]))) bad.push(`qf(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}) = ${got}, R ${r[4]}`);
    }
    assert.ok(n > 1900);
    assert.deepEqual(bad, []);
  });

  it('qf: where R\'s qf is approximate (small df1 in the lower tail), equal to the root of R\'s pf at 1e-9', () => {
    // R's qf goes through qbeta, which returns 0 for qf(1e-10, 1, 5) and is
    // off by up to 1e-4 relative at p = 1e-6 with df1 = 1. The fixture's qRef
    // solves R's pf(x) = p (R's pf is accurate there).
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.qf) {
      if (r[6] !== true) continue;
      n++;
      const got = qf(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean);
      if (quantileMismatch(got, num(r[5]))) bad.push(`qf(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}) = ${got}, root of R's pf ${r[5]}`);
    }
    assert.ok(n >= 100);
    assert.deepEqual(bad, []);
  });

  it('round trip: pf(qf(p)) = p at 1e-12 relative in the smaller tail (independent check)', () => {
    const bad: string[] = [];
    for (const [d1, d2] of [[1, 1], [1, 7.5], [2, 90], [3, 3], [4.5, 200], [25, 2], [120, 3000], [0.6, 40]]) {
      for (const p of [1e-200, 1e-20, 1e-7, 0.01, 0.05, 0.5, 0.95, 0.9999]) {
        for (const lower of [true, false]) {
          const q = qf(p, d1, d2, lower);
          if (!(q > 1e-300 && q < Infinity)) continue;
          const back = p <= 0.5 ? pf(q, d1, d2, lower) : pf(q, d1, d2, !lower);
          const small = p <= 0.5 ? p : 1 - p;
          if (!(Math.abs(back - small) <= 1e-12 * small)) bad.push(`qf(${p}, ${d1}, ${d2}, ${lower}) = ${q}: p back ${back}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });
});
