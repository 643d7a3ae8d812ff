// Tested against R 4.2 (test/fixtures/r/distributions.R): pt over 38 x
// values x 23 df (0.5 to 1e5, 1e20 and Inf, non-integer df) plus 550 random
// points (df up to 1e6), both tails; qt at p in {1e-300 .. 1 - 1e-10} x the
// same df plus 200 random.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx, num, pvalueMismatch, quantileMismatch } from './rFixture.js';
import { pt, qt, ptTwoSided } from '../../src/stats/distributions/studentT.js';




// R gives 2.6e-16 for qt(0.5, 0.5) instead of 0: an absolute floor of 1e-15 for that one median.
const quantileMismatchT = (got: number, want: number): boolean => quantileMismatch(got, want, 1e-15);

describe('pt, qt — tested against R 4.2 (pt, qt)', () => {
  it('pt: both tails at 1e-10 relative down to 1e-300 (pt(-40, 5), pt(8, 92, upper), df 0.5..1e6, 1e20, Inf)', () => {
    const bad: string[] = [];
    for (const r of fx.pt) {
      const got = pt(num(r[0]), num(r[1]), r[2] as boolean);
      if (pvalueMismatch(got, num(r[3]))) bad.push(`pt(${r[0]}, ${r[1]}, ${r[2]}) = ${got}, R ${r[3]}`);
    }
    assert.ok(fx.pt.length > 2000);
    assert.deepEqual(bad, []);
  });

  it('ptTwoSided(t, df) equals 2 * R pt(-|t|, df) at 1e-10 relative', () => {
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.pt) {
      const x = num(r[0]);
      const df = num(r[1]);
      const want = 2 * num(r[3]);
      if (!(x > 0) || r[2] !== false || !(df > 0) || !(want >= 1e-300)) continue;
      n++;
      const got = ptTwoSided(x, df);
      if (!(Math.abs(got - want) <= 1e-10 * want)) bad.push(`ptTwoSided(${x}, ${df}) = ${got}, R ${want}`);
    }
    assert.ok(n > 500);
    assert.deepEqual(bad, []);
    assert.equal(ptTwoSided(0, 5), 1);
  });

  it('qt: where R\'s qt reproduces p, equal to it at 1e-9 relative', () => {
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.qt) {
      if (r[5] === true) continue;
      n++;
      const got = qt(num(r[0]), num(r[1]), r[2] as boolean);
      if (quantileMismatchT(got, num(r[3]))) bad.push(`qt(${r[0]}, ${r[1]}, ${r[2]}) = ${got}, R ${r[3]}`);
    }
    assert.ok(n > 800);
    assert.deepEqual(bad, []);
  });

  it('qt: where R\'s qt is approximate (df < 1 upper tail, p = 1e-300 with df <= 5), equal to the root of R\'s pt at 1e-9', () => {
    // R's qt uses Hill's approximation plus a few Taylor steps and, for an
    // upper-tail p with df < 1, works from 1 - p: qt(1e-10, 0.5, lower = FALSE)
    // reproduces p only to 7.5e-7. The fixture's qRef solves R's pt(x) = p.
    const bad: string[] = [];
    let n = 0;
    for (const r of fx.qt) {
      if (r[5] !== true) continue;
      n++;
      const got = qt(num(r[0]), num(r[1]), r[2] as boolean);
      if (quantileMismatchT(got, num(r[4]))) bad.push(`qt(${r[0]}, ${r[1]}, ${r[2]}) = ${got}, root of R's pt ${r[4]}`);
    }
    assert.ok(n >= 10);
    assert.deepEqual(bad, []);
  });

  it('round trip: pt(qt(p)) = p at 1e-12 relative in the smaller tail over a df x p grid (independent check)', () => {
    const bad: string[] = [];
    for (const df of [0.3, 0.8, 1, 1.7, 2, 3.3, 7, 29.5, 92, 500, 12345]) {
      for (const p of [1e-250, 1e-40, 1e-12, 3e-5, 0.01, 0.2, 0.45, 0.7, 0.99]) {
        for (const lower of [true, false]) {
          const q = qt(p, df, lower);
          if (!Number.isFinite(q)) continue; // beyond the double range (df < 1, tiny p)
          const back = p <= 0.5 ? pt(q, df, lower) : pt(q, df, !lower);
          const small = p <= 0.5 ? p : 1 - p;
          if (!(Math.abs(back - small) <= 1e-12 * small)) bad.push(`qt(${p}, ${df}, ${lower}) = ${q}: p back ${back}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });
});
