// The MMRM fit's speed devices against their plain forms (docs/analysis.md,
// "MMRM", speed): the rank-2 curvature factors of the unstructured
// covariance against the general M_j route, the approximate m p³ term taken
// out of the Hessian directly against a second derivatives() call, and the
// factored-likelihood start, which is the REML optimum itself for complete
// and monotone data (no Newton step needed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COVARIANCE, mmrm, mmrmFastPathDifferences } from '../../src/stats/mmrm.js';
import type { MmrmInput } from '../../src/stats/mmrm.js';
import { streamFor } from '../../src/random/stream.js';

/** n patients, V visits, SD rising over visits, AR(0.6) errors; monotone dropout (hazard per visit) or gaps (missing at random per visit). */
function dataSet(seed: number, n: number, V: number, missing: { monotone: number } | { gaps: number }, nStrata = 1): MmrmInput {
  const rng = streamFor(2026, seed, 'test/stats/mmrmFastPaths');
  const arm = new Uint8Array(n);
  const stratum = new Uint8Array(n);
  const baseline = new Float64Array(n);
  const y = new Float64Array(n * V);
  for (let i = 0; i < n; i++) {
    arm[i] = i % 2;
    stratum[i] = Math.floor(i / 2) % nStrata; // not aliased with the arm
    baseline[i] = 30 + 6 * rng.normal();
    let e = rng.normal();
    let dropped = false;
    for (let v = 0; v < V; v++) {
      if (v > 0) e = 0.6 * e + 0.8 * rng.normal();
      let miss: boolean;
      if ('monotone' in missing) {
        dropped = dropped || (v > 0 && rng.uniform() < missing.monotone);
        miss = dropped;
      } else {
        miss = rng.uniform() < missing.gaps;
      }
      y[i * V + v] = miss ? NaN : -2 * arm[i] * (v + 1) / V - 0.3 * (baseline[i] - 30) + 0.5 * stratum[i] + (4 + 0.5 * v) * e;
    }
  }
  return { y, nVisits: V, arm, baseline, ...(nStrata > 1 ? { stratum, nStrata } : {}), covariance: [COVARIANCE.unstructured] };
}

describe('mmrm fast paths against their plain forms', () => {
  const sets: [string, MmrmInput][] = [
    ['n = 95, V = 4, monotone dropout', dataSet(1, 95, 4, { monotone: 0.05 })],
    ['n = 95, V = 4, 3 strata, monotone dropout', dataSet(2, 95, 4, { monotone: 0.05 }, 3)],
    ['n = 120, V = 6, gaps', dataSet(3, 120, 6, { gaps: 0.1 })],
    ['n = 60, V = 3, gaps, 2 strata', dataSet(4, 60, 3, { gaps: 0.15 }, 2)],
    ['n = 20, V = 5, complete (γ above its limit: no approximate term)', dataSet(5, 20, 5, { gaps: 0 })],
  ];
  for (const [name, input] of sets) {
    it(`${name}: rank-2 Z_j and the direct Hessian within 1e-12 of the plain forms`, () => {
      const d = mmrmFastPathDifferences(input);
      assert.ok(d !== null, 'the fit converges');
      // both are the same sums in another order: rounding only (the Hessian's
      // entries come from sums of terms up to ~1e3 times larger than the result)
      assert.ok(d.curvature < 1e-12, `curvature factors differ by ${d.curvature}`);
      assert.ok(d.hessian < 1e-12, `Hessian differs by ${d.hessian}`);
    });
  }

  it('the start is the REML optimum for complete and for monotone data (0 Newton steps), not with gaps', () => {
    for (const [seed, V, missing] of [
      [6, 4, { gaps: 0 }],
      [7, 4, { monotone: 0.05 }],
      [8, 6, { monotone: 0.08 }],
    ] as const) {
      const r = mmrm(dataSet(seed, 95, V, missing));
      assert.equal(r.estimable, true);
      assert.equal(r.iterations, 0, `seed ${seed}: ${r.iterations} Newton steps`);
    }
    const gaps = mmrm(dataSet(9, 95, 4, { gaps: 0.1 }));
    assert.equal(gaps.estimable, true);
    assert.ok(gaps.iterations > 0, 'with gaps the pairwise start needs Newton steps');
  });
});
