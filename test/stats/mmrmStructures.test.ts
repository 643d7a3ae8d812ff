import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mmrm } from '../../src/stats/mmrm.js';
import type { CovarianceStructure } from '../../src/stats/mmrm.js';
import { loadFixture } from '../support/fixtures.js';

interface RCase {
  id: string;
  structure: CovarianceStructure;
  nVisits: number;
  y: (number | string)[];
  arm: number[];
  baseline: number[];
  expected: { logLik: number; covariance: number[]; difference: { estimate: number; se: number; df: number } };
}

const cases = loadFixture<RCase[]>('mmrm-structures.json');

// Tested against R (test/fixtures/r/mmrm-structures.R): ar1 and cs against
// nlme::gls (corAR1 / corCompSymm, REML); toeph against an independent R
// REML maximised by optim (BFGS, reltol 1e-15). The df is the exact
// Satterthwaite df, by numDeriv in R. Tolerances: R's optimisers stop
// ~1e-10 relative on the objective, so the parameters agree to ~1e-5.
const TOL = { logLik: 1e-9, estimate: 1e-5, se: 1e-5, covariance: 1e-4, df: 1e-4 };

describe('mmrm covariance structures against R', () => {
  for (const c of cases) {
    it(`Tested against R: ${c.id}`, () => {
      const r = mmrm({
        y: Float64Array.from(c.y, (v) => (typeof v === 'number' ? v : NaN)),
        nVisits: c.nVisits,
        arm: Uint8Array.from(c.arm),
        baseline: Float64Array.from(c.baseline),
        covariance: [c.structure],
      });
      assert.equal(r.estimable, true, String(r.reason));
      assert.equal(r.covariance, c.structure);
      const e = c.expected;
      const rel = (a: number, b: number, floor = 0): number => Math.abs(a - b) / Math.max(Math.abs(b), floor);
      assert.ok(rel(r.logLik, e.logLik) < TOL.logLik, `logLik ${r.logLik} vs ${e.logLik}`);
      const d = e.difference;
      assert.ok(rel(r.difference.estimate, d.estimate, d.se) < TOL.estimate, `estimate ${r.difference.estimate} vs ${d.estimate}`);
      assert.ok(rel(r.difference.se, d.se) < TOL.se, `se ${r.difference.se} vs ${d.se}`);
      assert.ok(rel(r.difference.df, d.df) < TOL.df, `df ${r.difference.df} vs ${d.df}`);
      const vmax = Math.max(...e.covariance.map(Math.abs));
      e.covariance.forEach((s, k) => assert.ok(rel(r.sigma[k], s, vmax) < TOL.covariance, `sigma[${k}] ${r.sigma[k]} vs ${s}`));
    });
  }
});
