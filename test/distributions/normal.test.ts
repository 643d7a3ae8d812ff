// Tested against R 4.2 (test/fixtures/r/distributions.R): pnorm and qnorm
// over x in [-40, 40] and p down to 1e-310, both tails, and the edge cases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx, num, pvalueMismatch, quantileMismatch } from './rFixture.js';
import { pnorm, qnorm } from '../../src/stats/distributions/normal.js';



describe('pnorm, qnorm — tested against R 4.2 (pnorm, qnorm)', () => {
  it('pnorm: both tails, p-values down to 1e-300 at 1e-10 relative', () => {
    const bad: string[] = [];
    for (const r of fx.pnorm) {
      const got = pnorm(num(r[0]), r[1] as boolean);
      if (pvalueMismatch(got, num(r[2]))) bad.push(`pnorm(${r[0]}, ${r[1]}) = ${got}, R ${r[2]}`);
    }
    assert.ok(fx.pnorm.length > 300);
    assert.deepEqual(bad, []);
  });

  it('qnorm: p from 1e-310 to 1 - 1e-10, both tails, at 1e-9 relative; p = 0, 1 give -Inf/Inf; p outside [0, 1] gives NaN', () => {
    const bad: string[] = [];
    for (const r of fx.qnorm) {
      const want = num(r[2]);
      const got = qnorm(num(r[0]), r[1] as boolean);
      // 1e-9 relative with a 1e-15 absolute floor, for quantiles at or next to 0 (p = 0.5).
      if (quantileMismatch(got, want, 1e-15)) bad.push(`qnorm(${r[0]}, ${r[1]}) = ${got}, R ${want}`);
    }
    assert.ok(fx.qnorm.length > 150);
    assert.deepEqual(bad, []);
  });

  it('the upper tail is computed directly, not as 1 - lower (unit)', () => {
    assert.ok(pnorm(10, false) > 7.6e-24 && pnorm(10, false) < 7.7e-24);
    assert.equal(qnorm(1e-300, false), -qnorm(1e-300, true));
    assert.ok(Number.isNaN(pnorm(NaN)));
  });
});
