// Tested against R 4.2 (test/fixtures/r/distributions.R): dbinom and pbinom
// over size 0 .. 1e5 x prob 0 .. 1 (every k for size <= 20, 25 k values
// otherwise) plus 200 random cases and, for pbinom, 150 with size up to 1e7,
// both tails; qbinom at 15 p values for each (size, prob) plus 200 random.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fx, num, pvalueMismatch } from './rFixture.js';
import { dbinom, pbinom, qbinom } from '../../src/stats/distributions/binomial.js';



describe('dbinom, pbinom, qbinom — tested against R 4.2 (dbinom, pbinom, qbinom)', () => {
  it('dbinom at 1e-10 relative; non-integer k gives 0; bad size or prob gives NaN', () => {
    const bad: string[] = [];
    for (const r of fx.dbinom) {
      const got = dbinom(num(r[0]), num(r[1]), num(r[2]));
      if (pvalueMismatch(got, num(r[3]))) bad.push(`dbinom(${r.slice(0, 3).join(', ')}) = ${got}, R ${r[3]}`);
    }
    assert.ok(fx.dbinom.length > 1500);
    assert.deepEqual(bad, []);
  });

  it('pbinom: both tails at 1e-10 relative down to 1e-300 (the upper tail directly, never 1 - lower)', () => {
    const bad: string[] = [];
    for (const r of fx.pbinom) {
      const got = pbinom(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean);
      if (pvalueMismatch(got, num(r[4]))) bad.push(`pbinom(${r.slice(0, 4).join(', ')}) = ${got}, R ${r[4]}`);
    }
    assert.ok(fx.pbinom.length > 3000);
    assert.deepEqual(bad, []);
  });

  it('qbinom: equal to the definition applied to R\'s pbinom (R\'s own qbinom except where it is wrong)', () => {
    // qExact: smallest k with P[X <= k] >= p (1 - 64 eps), or P[X > k] <= p (1 + 64 eps)
    // for an upper-tail p, found in R by bisection on pbinom. It agrees with R's
    // qbinom except qbinom(1e-10, 1e5, 0.99) = 1e5 (R 4.2's large-size search;
    // pbinom(98794, 1e5, 0.99) = 1.2e-10 >= p) and exact ties. At a tie
    // (p within 1e-12 of the cdf next to the answer, e.g. P[X <= 0] = 0.1^10 = p
    // for qbinom(1e-10, 10, 0.9)) the last bits of the cdf decide, so the
    // neighbour on the tie side is accepted too.
    const bad: string[] = [];
    let ties = 0;
    let agreeWithR = 0;
    for (const r of fx.qbinom) {
      const got = qbinom(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean);
      const want = num(r[5]);
      const tie = r[6] as number;
      if (tie !== 0) ties++;
      if (got === num(r[4])) agreeWithR++;
      const ok = Number.isNaN(want) ? Number.isNaN(got) : got === want || (tie !== 0 && got === want + tie);
      if (!ok) bad.push(`qbinom(${r.slice(0, 4).join(', ')}) = ${got}, exact ${want}, R ${r[4]}`);
    }
    assert.ok(fx.qbinom.length > 3400);
    assert.ok(ties < 40, `${ties} ties`);
    assert.ok(agreeWithR > fx.qbinom.length - 40, `agrees with R's qbinom on ${agreeWithR}`);
    assert.deepEqual(bad, []);
  });
});
