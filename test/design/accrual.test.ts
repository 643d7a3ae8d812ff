// Accrual in calendar time. Plain unit tests: Λ against numerical integration
// of the rate, Λ⁻¹ as its inverse, look months by hand. Recovery (Monte
// Carlo): the number entered by month τ is Poisson with mean Λ(τ); its mean
// over 4,000 seeded replicates is within 4 MCSE of Λ(τ), and its variance is
// Λ(τ) within 4 of its standard errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccrual, entryMonths, lookMonths, WEEKS_PER_MONTH, type AccrualSpec } from '../../src/design/accrual.js';
import { streamFor } from '../../src/random/stream.js';

const SPEC: AccrualSpec = {
  periods: [
    { fromMonth: 0, perMonth: 4 },
    { fromMonth: 5, perMonth: 10 },
    { fromMonth: 9, perMonth: 6 },
  ],
  rampUpMonths: 3,
};

/** The rate as the spec defines it, written out independently of accrual.ts. */
function rate(month: number): number {
  const r = month < 5 ? 4 : month < 9 ? 10 : 6;
  return month < 3 ? (r * month) / 3 : r;
}

describe('accrual — plain unit tests', () => {
  const a = compileAccrual(SPEC);

  it('Λ is the integral of the rate (midpoint rule between the breaks of the rate, 1e-9)', () => {
    for (const T of [0.5, 2.9, 3, 4.2, 5, 7.5, 9, 14]) {
      const breaks = [0, ...[3, 5, 9].filter((b) => b < T), T];
      let s = 0;
      for (let k = 0; k + 1 < breaks.length; k++) {
        const steps = 20_000;
        const h = (breaks[k + 1] - breaks[k]) / steps;
        for (let i = 0; i < steps; i++) s += rate(breaks[k] + (i + 0.5) * h) * h;
      }
      assert.ok(Math.abs(a.cumulative(T) - s) < 1e-9, `Λ(${T}) = ${a.cumulative(T)} vs ${s}`);
    }
  });

  it('Λ⁻¹ inverts Λ (1e-12 relative)', () => {
    for (const T of [0.01, 1, 2.999, 3, 3.5, 5, 6, 9, 20]) {
      const back = a.monthOf(a.cumulative(T));
      assert.ok(Math.abs(back - T) <= 1e-12 * T, `${T} -> ${back}`);
    }
    assert.equal(a.monthOf(0), 0);
  });

  it('without ramp-up, a constant rate r gives Λ(τ) = r τ', () => {
    const c = compileAccrual({ periods: [{ fromMonth: 0, perMonth: 7 }], rampUpMonths: 0 });
    assert.equal(c.cumulative(3), 21);
    assert.equal(c.monthOf(14), 2);
  });

  it('a look at information f is the ⌈f n⌉-th earliest primary-visit date; a fixed month is as given', () => {
    const entry = Float64Array.from([0, 1, 2, 3]);
    const scratch = new Float64Array(4);
    const w = 16;
    const m = lookMonths(entry, 4, w, [{ information: 0.5 }, { information: 0.6 }, { month: 7.5 }, { information: 1 }], scratch);
    const d = w / WEEKS_PER_MONTH;
    assert.deepEqual(m, [1 + d, 2 + d, 7.5, 3 + d]);
  });
});

describe('accrual — recovery (Monte Carlo, 4 MCSE)', () => {
  it('the number entered by month τ is Poisson(Λ(τ))', () => {
    const a = compileAccrual(SPEC);
    const n = 400;
    const R = 4000;
    const taus = [2, 4, 8, 12];
    const u = new Float64Array(n);
    const out = new Float64Array(n);
    const sum = taus.map(() => 0);
    const sumSq = taus.map(() => 0);
    for (let r = 0; r < R; r++) {
      const s = streamFor(20261202, r, 'accrual');
      s.uniforms(u, n);
      entryMonths(a, u, n, out);
      for (let j = 0; j < taus.length; j++) {
        let c = 0;
        for (let i = 0; i < n; i++) if (out[i] <= taus[j]) c++;
        sum[j] += c;
        sumSq[j] += c * c;
      }
    }
    for (let j = 0; j < taus.length; j++) {
      const lambda = a.cumulative(taus[j]);
      assert.ok(lambda < n - 10 * Math.sqrt(n), 'all n patients would not bound the count');
      const mean = sum[j] / R;
      const variance = (sumSq[j] - R * mean * mean) / (R - 1);
      // Poisson: sd of the mean √(Λ/R); the sample variance's sd ≈ √((2Λ² + Λ)/R)
      assert.ok(Math.abs(mean - lambda) < 4 * Math.sqrt(lambda / R), `τ ${taus[j]}: mean ${mean} vs Λ ${lambda}`);
      assert.ok(Math.abs(variance - lambda) < 4 * Math.sqrt((2 * lambda * lambda + lambda) / R), `τ ${taus[j]}: variance ${variance} vs Λ ${lambda}`);
    }
  });
});
