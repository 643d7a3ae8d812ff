import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COVARIANCE, mmrm, mmrmWorkspace } from '../../src/stats/mmrm.js';
import type { MmrmInput, MmrmResult } from '../../src/stats/mmrm.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import { loadFixture } from '../support/fixtures.js';

type Num = number | string; // R writes NA as a string
interface RCase {
  id: string;
  nVisits: number;
  y: Num[];
  arm: number[];
  baseline: Num[];
  stratum: number[] | null;
  nStrata: number | null;
  visit: number;
  level: number;
  expected: {
    estimable: boolean;
    reason?: string;
    rEstimable?: boolean;
    rError?: string;
    n?: number;
    nObservations?: number;
    logLik?: number;
    polishedLogLik?: number;
    polishedStep?: number;
    coefficients?: number[];
    covariance?: number[];
    lsMeans?: { estimate: number[]; se: number[]; df: number[]; dfEmmeans: Num[] };
    difference?: {
      estimate: number;
      se: number;
      df: number;
      t: number;
      p: number;
      lower: number;
      upper: number;
      dfEmmeans: Num;
      pEmmeans: Num;
    };
  };
}

function num(v: Num): number {
  return typeof v === 'number' ? v : NaN;
}

function inputOf(c: RCase): MmrmInput {
  return {
    y: Float64Array.from(c.y, num),
    nVisits: c.nVisits,
    arm: Uint8Array.from(c.arm),
    baseline: Float64Array.from(c.baseline, num),
    ...(c.stratum ? { stratum: Uint8Array.from(c.stratum), nStrata: c.nStrata ?? undefined } : {}),
    visit: c.visit,
    level: c.level,
    covariance: [COVARIANCE.unstructured],
  };
}

const cases = loadFixture<RCase[]>('mmrm.json');
const fitted = cases.filter((c) => c.expected.estimable);
/** Data sets made degenerate on purpose: the reason is given. */
const degenerate = cases.filter((c) => !c.expected.estimable && c.expected.reason !== undefined);
/** Data sets nlme fails on though not degenerate by design (a visit with 1 residual df). */
const rFails = cases.filter((c) => !c.expected.estimable && c.expected.reason === undefined);

/** |a − b| / max(|b|, floor): relative error with a floor for values near zero. */
function relErr(a: number, b: number, floor: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

// Tolerances, measured maxima in brackets (test/fixtures/r/mmrm.R, 100+ data sets).
// nlme's gls stops its optimiser (nlminb, then its own convergence test on
// the parameters) ~1e-5 relative short of the REML optimum in the
// covariance parameters; our Newton iteration runs to a decrement of 1e-13
// (its log-likelihood is >= nlme's on every data set, and equals the R
// log-likelihood at nlme's estimate polished by one Newton step to ~1e-12).
// So quantities that move with the covariance parameters agree to ~1e-5:
const TOL = {
  logLik: 1e-9, // relative, against nlme's logLik()
  polishedLogLik: 1e-11, // relative, against R's REML at the polished optimum
  coefficients: 2e-4, // relative to the largest |coefficient|
  covariance: 5e-4, // relative to the largest |Σ_ab|
  estimate: 2e-4, // LS means and difference: |Δ| / SE
  se: 1e-4, // relative
  // Satterthwaite df, against R's exact Satterthwaite at the polished optimum
  // (numDeriv Jacobian of the analytic REML gradient)
  df: 1e-5,
  p: 1e-3, // relative (p moves by ~|t| Δt)
};

describe('mmrm against R (nlme::gls corSymm + varIdent, REML; emmeans)', () => {
  it(`has at least 100 fitted data sets (${fitted.length}) and degenerate ones (${degenerate.length})`, () => {
    assert.ok(fitted.length >= 100);
    assert.ok(degenerate.length >= 5);
  });

  const worst: Record<string, { err: number; id: string }> = {};
  const note = (key: string, err: number, id: string): void => {
    if (!(worst[key] !== undefined && worst[key].err >= err)) worst[key] = { err, id };
  };

  for (const c of fitted) {
    it(`Tested against R: ${c.id}`, () => {
      const e = c.expected;
      const r: MmrmResult = mmrm(inputOf(c));
      assert.equal(r.estimable, true, `${c.id}: ${r.reason}`);
      assert.equal(r.covariance, COVARIANCE.unstructured);
      assert.equal(r.converged, true);
      assert.equal(r.n, e.n);
      assert.equal(r.nObservations, e.nObservations);
      const check = (key: string, got: number, want: number, tol: number, floor: number): void => {
        const err = relErr(got, want, floor);
        note(key, err, c.id);
        assert.ok(err <= tol, `${c.id} ${key}: got ${got}, R ${want} (rel err ${err.toExponential(2)} > ${tol})`);
      };
      check('logLik', r.logLik, e.logLik!, TOL.logLik, 1);
      assert.ok(r.logLik >= e.logLik! - 1e-12 * Math.abs(e.logLik!), `${c.id}: logLik below nlme's`);
      check('logLik (polished)', r.logLik, e.polishedLogLik!, TOL.polishedLogLik, 1);
      const scale = Math.max(...e.coefficients!.map(Math.abs));
      e.coefficients!.forEach((b, j) => check('coefficients', r.coefficients[j], b, TOL.coefficients, scale));
      const vmax = Math.max(...e.covariance!.map(Math.abs));
      e.covariance!.forEach((s, k) => check('covariance', r.sigma[k], s, TOL.covariance, vmax));
      const d = e.difference!;
      check('difference', r.difference.estimate, d.estimate, TOL.estimate, d.se);
      check('difference se', r.difference.se, d.se, TOL.se, 0);
      check('difference df', r.difference.df, d.df, TOL.df, 0);
      check('difference p', r.difference.p, d.p, TOL.p, 1e-300);
      check('difference ci', r.difference.ci[0], d.lower, TOL.estimate, d.se);
      check('difference ci', r.difference.ci[1], d.upper, TOL.estimate, d.se);
      for (let a = 0; a < 2; a++) {
        const ls = e.lsMeans!;
        check('lsMean', r.lsMeans[a].estimate, ls.estimate[a], TOL.estimate, ls.se[a]);
        check('lsMean se', r.lsMeans[a].se, ls.se[a], TOL.se, 0);
        check('lsMean df', r.lsMeans[a].df, ls.df[a], TOL.df, 0);
      }
      if (typeof d.dfEmmeans === 'number') note('df vs emmeans appx-satterthwaite', relErr(r.difference.df, d.dfEmmeans, 0), c.id);
    });
  }

  it('worst relative differences (printed for the docs)', () => {
    for (const [k, v] of Object.entries(worst)) console.log(`  ${k}: ${v.err.toExponential(2)} (${v.id})`);
    assert.ok(Object.keys(worst).length > 0);
  });
});

describe('mmrm degenerate data (R fails or is degenerate too)', () => {
  for (const c of degenerate) {
    it(`${c.id}: not estimable, ${c.expected.reason} (nlme: ${c.expected.rError ?? 'fits'})`, () => {
      const r = mmrm(inputOf(c));
      assert.equal(r.estimable, false);
      assert.equal(r.reason, c.expected.reason);
      assert.ok(Number.isNaN(r.difference.estimate) && Number.isNaN(r.difference.p));
    });
  }
  for (const c of rFails) {
    it(`${c.id}: nlme fails (${c.expected.rError}), and the unstructured fit does not converge`, () => {
      const r = mmrm(inputOf(c));
      assert.equal(r.estimable, false);
      assert.equal(r.reason, NOT_ESTIMABLE.notConverged);
    });
  }
});

describe('mmrm unit tests', () => {
  const c = fitted.find((k) => k.id.startsWith('monotone'))!;
  it('a reused workspace gives the same numbers bit for bit', () => {
    const ws = mmrmWorkspace(c.nVisits);
    const a = mmrm(inputOf(c));
    const b = mmrm({ ...inputOf(c), workspace: ws });
    const b2 = mmrm({ ...inputOf(c), workspace: ws });
    assert.deepEqual(b.difference, a.difference);
    assert.deepEqual(b2.difference, a.difference);
    assert.deepEqual([...b2.sigma], [...a.sigma]);
  });
  it('fallback order: us → toeph → ar1 on 6 patients x 3 visits (R: gls corSymm stops with "false convergence (8)"; corAR1 logLik -12.454137, difference -3.175099; corCompSymm -12.062752, -3.073506)', () => {
    const tiny = {
      y: Float64Array.from([-1.2, -2.0, -2.9, 0.3, -0.4, NaN, -0.8, -1.1, -1.9, -2.5, -4.1, -5.2, -1.9, -3.0, -4.4, -3.1, NaN, -6.0]),
      nVisits: 3,
      arm: Uint8Array.from([0, 0, 0, 1, 1, 1]),
      baseline: Float64Array.from([30, 24, 35, 28, 33, 26]),
    };
    const r = mmrm(tiny);
    assert.equal(r.covariance, COVARIANCE.ar1);
    assert.deepEqual(
      r.failures.map((f) => [f.structure, f.reason]),
      [
        [COVARIANCE.unstructured, NOT_ESTIMABLE.notConverged],
        [COVARIANCE.toeplitz, NOT_ESTIMABLE.notConverged],
      ],
    );
    assert.ok(Math.abs(r.logLik - -12.454137) < 1e-6);
    assert.ok(Math.abs(r.difference.estimate - -3.175099) < 1e-6);
    const cs = mmrm({ ...tiny, covariance: [COVARIANCE.compoundSymmetry] });
    assert.ok(Math.abs(cs.logLik - -12.062752) < 1e-6);
    assert.ok(Math.abs(cs.difference.estimate - -3.073506) < 1e-6);
    const none = mmrm({ ...tiny, covariance: [COVARIANCE.unstructured] });
    assert.equal(none.estimable, false);
    assert.equal(none.reason, NOT_ESTIMABLE.notConverged);
    assert.equal(none.covariance, null);
  });
  it('bad input is not estimable (invalid input), never a throw', () => {
    const base = inputOf(c);
    for (const bad of [
      { ...base, nVisits: 1 },
      { ...base, visit: base.nVisits },
      { ...base, level: 1 },
      { ...base, y: base.y.subarray(1) },
      { ...base, baseline: Float64Array.from(base.baseline, (b, i) => (i === 3 ? Infinity : b)) },
      { ...base, arm: Uint8Array.from(base.arm, (a, i) => (i === 0 ? 2 : a)) },
    ]) {
      const r = mmrm(bad);
      assert.equal(r.estimable, false);
      assert.equal(r.reason, NOT_ESTIMABLE.badInput);
    }
  });
});
