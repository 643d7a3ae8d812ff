// Tested against R 4.2 (test/fixtures/r/distributions.R): pchisq over 13 df
// (0.5 .. 1e4, non-integer) x 40 x values from 1e-300 to 1e5, plus 450
// random points (df up to 1e6), both tails; qchisq at p in
// {1e-300 .. 1 - 1e-10} x the same df plus 200 random.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx, num, pvalueMismatch, quantileMismatch } from './rFixture.js';
import { pchisq, qchisq } from '../../src/stats/distributions/chiSquare.js';




describe('pchisq, qchisq — tested against R 4.2 (pchisq, qchisq)', () => {
  it('pchisq: both tails at 1e-10 relative down to 1e-300; df = 0, x <= 0, Inf; negative df gives NaN', () => {
    const bad: string[] = [];
    for (const r of fx.pchisq) {
      const got = pchisq(num(r[0]), num(r[1]), r[2] as boolean);
      if (pvalueMismatch(got, num(r[3]))) bad.push(`pchisq(${r[0]}, ${r[1]}, ${r[2]}) = ${got}, R ${r[3]}`);
    }
    assert.ok(fx.pchisq.length > 1200);
    assert.deepEqual(bad, []);
  });

  it('qchisq: where R\'s qchisq reproduces p, equal to it at 1e-9 relative (0 where the root underflows)', () => {
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.qchisq) {
      if (r[5] === true) continue;
      n++;
      const got = qchisq(num(r[0]), num(r[1]), r[2] as boolean);
      if (quantileMismatch(got, num(r[3]))) bad.push(`qchisq(${r[0]}, ${r[1]}, ${r[2]}) = ${got}, R ${r[3]}`);
    }
    assert.ok(n > 550);
    assert.deepEqual(bad, []);
  });

  it('qchisq: where R\'s qchisq is approximate (upper tail near 1e-14), equal to the root of R\'s pchisq at 1e-9', () => {
    // R's qgamma stops its Newton steps early: qchisq(1.35e-14, 11.93, lower = FALSE)
    // is off by 9.5e-10 relative. The fixture's qRef solves R's pchisq(x) = p.
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.qchisq) {
      if (r[5] !== true) continue;
      n++;
      const got = qchisq(num(r[0]), num(r[1]), r[2] as boolean);
      if (quantileMismatch(got, num(r[4]))) bad.push(`qchisq(${r[0]}, ${r[1]}, ${r[2]}) = ${got}, root of R's pchisq ${r[4]}`);
    }
    assert.ok(n >= 3);
    assert.deepEqual(bad, []);
  });

  it('round trip: pchisq(qchisq(p)) = p at 1e-12 relative in the smaller tail (independent check)', () => {
    const bad: string[] = [];
    for (const df of [0.2, 0.5, 1, 1.3, 2, 3, 9.5, 40, 333, 5000]) {
      for (const p of [1e-280, 1e-30, 1e-9, 0.001, 0.05, 0.5, 0.93, 0.999999]) {
        for (const lower of [true, false]) {
          const q = qchisq(p, df, lower);
          if (!(q > 1e-300)) continue; // root below the double range
          const back = p <= 0.5 ? pchisq(q, df, lower) : pchisq(q, df, !lower);
          const small = p <= 0.5 ? p : 1 - p;
          if (!(Math.abs(back - small) <= 1e-12 * small)) bad.push(`qchisq(${p}, ${df}, ${lower}) = ${q}: p back ${back}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });
});
