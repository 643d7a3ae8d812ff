// Tested against R 4.2 (test/fixtures/r/distributions.R): dhyper and phyper
// over 15 (m, n, k) configurations (empty colours, k = 0, k = m + n, 1e4
// balls) at every x of the support +-1 (40 points for large supports), both
// tails; qhyper at 20 p values per configuration.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx, num, pvalueMismatch } from './rFixture.js';
import { dhyper, phyper, qhyper } from '../../src/stats/distributions/hypergeometric.js';



describe('dhyper, phyper, qhyper — tested against R 4.2 (dhyper, phyper, qhyper)', () => {
  it('dhyper at 1e-10 relative; x outside the support or non-integer gives 0; invalid counts give NaN', () => {
    const bad: string[] = [];
    for (const r of fx.dhyper) {
      const got = dhyper(num(r[0]), num(r[1]), num(r[2]), num(r[3]));
      if (pvalueMismatch(got, num(r[4]))) bad.push(`dhyper(${r.slice(0, 4).join(', ')}) = ${got}, R ${r[4]}`);
    }
    assert.ok(fx.dhyper.length > 300);
    assert.deepEqual(bad, []);
  });

  it('phyper: both tails at 1e-10 relative down to 1e-300 (e.g. phyper(923, 1000, 2000, 1500, upper) = 9.3e-267)', () => {
    const bad: string[] = [];
    for (const r of fx.phyper) {
      const got = phyper(num(r[0]), num(r[1]), num(r[2]), num(r[3]), r[4] as boolean);
      if (pvalueMismatch(got, num(r[5]))) bad.push(`phyper(${r.slice(0, 5).join(', ')}) = ${got}, R ${r[5]}`);
    }
    assert.ok(fx.phyper.length > 600);
    assert.deepEqual(bad, []);
  });

  it('qhyper: equal to the definition applied to R\'s phyper; R\'s own qhyper wherever p >= 1e-12', () => {
    // R's qhyper turns an upper-tail p into 1 - p, so for p < ~1e-12 it is
    // wrong (qhyper(1e-20, 50, 50, 60, lower = FALSE) = 47 while
    // phyper(47, ..., lower = FALSE) = 1.1e-14). qExact applies the definition
    // to R's phyper: smallest x with P[X <= x] >= p (1 - 64 eps), or
    // P[X > x] <= p (1 + 64 eps). At an exact tie (p = 0.5 in a symmetric law)
    // the neighbour on the tie side is accepted too.
    const bad: string[] = [];
    for (const r of fx.qhyper) {
      const p = num(r[0]);
      const got = qhyper(p, num(r[1]), num(r[2]), num(r[3]), r[4] as boolean);
      const want = num(r[6]);
      const tie = r[7] as number;
      const ok = Number.isNaN(want) ? Number.isNaN(got) : got === want || (tie !== 0 && got === want + tie);
      if (!ok) bad.push(`qhyper(${r.slice(0, 5).join(', ')}) = ${got}, exact ${want}, R ${r[5]}`);
      if (p >= 1e-12 && p <= 1 - 1e-12 && tie === 0 && got !== num(r[5])) bad.push(`qhyper(${r.slice(0, 5).join(', ')}) = ${got} but R's qhyper says ${r[5]}`);
    }
    assert.ok(fx.qhyper.length > 600);
    assert.deepEqual(bad, []);
  });
});
