// Estimands (src/analysis/estimand.ts, estimandTruth.ts, mmrmAnalysis.ts):
// the strategies on hand-made patients (unit); the truth of every estimand
// under the null is exactly 0 by construction (the potential outcomes of a
// patient under both arms coincide), while the legacy LOCF rule's is not;
// the MMRM analysis is the stats/mmrm.ts fit of the estimand's data (unit,
// against a direct call), and recovers its estimand's truth within Monte
// Carlo error under MCAR dropout; located errors for bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKernel } from '../../src/analysis/kernel.js';
import { computeTruths } from '../../src/analysis/truth.js';
import { endpointRules } from '../../src/analysis/endpoint.js';
import { deriveEstimand, estimandRules, estimandVisits } from '../../src/analysis/estimand.js';
import { parseAnalysisSpecs, SpecError, type EndpointSpec } from '../../src/analysis/spec.js';
import { A } from '../../src/engine/layout.js';
import type { Cohort } from '../../src/model/cohort.js';
import { mmrm } from '../../src/stats/mmrm.js';
import { parseKernelSpec } from '../../src/analysis/kernelSpec.js';
import { analysedTrial } from '../../src/analysis/valueNeeds.js';
import { streamFor } from '../../src/random/stream.js';

const VISITS = [0, 4, 8, 12, 16];
const CHANGE: EndpointSpec = { measure: 'x', week: 16, type: 'change', threshold: NaN, baselineAbove: -Infinity, dropout: 'exclude', crossover: 'observed', deterioration: 'ignore' };

/** Three patients: no event; an event (deterioration) at week 8; an event at week 8 and a dropout at week 16. */
function cohort(): Cohort {
  const rows = [
    [10, 9, 8, 7, 6],
    [10, 12, 14, 20, 25],
    [10, 12, 14, 20, NaN],
  ];
  return {
    n: 3,
    visits: VISITS,
    arm: Uint8Array.from([0, 1, 0]),
    armLabels: ['control', 'treatment'],
    stratum: new Uint8Array(3),
    crossoverWeek: Float64Array.from([NaN, NaN, 8]),
    deteriorationWeek: Float64Array.from([NaN, 8, 8]),
    dropoutWeek: Float64Array.from([NaN, NaN, 16]),
    measures: { x: Float64Array.from(rows.flat()) },
    screened: 3,
  };
}

function derive(strategy: 'treatment_policy' | 'hypothetical' | 'composite' | 'while_on_treatment', ep: EndpointSpec = CHANGE): number[] {
  const out = new Float64Array(3);
  const base = new Float64Array(3);
  deriveEstimand(cohort(), endpointRules(ep), estimandRules({ switch: strategy, ...(strategy === 'composite' && ep.type === 'change' ? { worstValue: 50 } : {}) }), out, base);
  return [...out];
}

describe('estimand strategies on hand-made patients (unit)', () => {
  it('treatment policy: as observed; hypothetical: missing after the event; composite: the worst value; while on treatment: the value at the event', () => {
    assert.deepEqual(derive('treatment_policy'), [-4, 15, NaN]);
    assert.deepEqual(derive('hypothetical'), [-4, NaN, NaN]);
    assert.deepEqual(derive('composite'), [-4, 50, 50]);
    assert.deepEqual(derive('while_on_treatment'), [-4, 4, 4]);
  });

  it('responders: the composite event is non-response; a dropout is a failure only if the endpoint says so', () => {
    const resp: EndpointSpec = { ...CHANGE, type: 'threshold_responder', threshold: 13 };
    assert.deepEqual(derive('composite', resp), [0, 0, 0]);
    assert.deepEqual(derive('while_on_treatment', resp), [0, 1, 1]);
    assert.deepEqual(derive('treatment_policy', resp), [0, 1, NaN]);
    assert.deepEqual(derive('treatment_policy', { ...resp, dropout: 'failure' }), [0, 1, 0]);
  });

  it("the MMRM's visits under each strategy", () => {
    const y = new Float64Array(12);
    const base = new Float64Array(3);
    const at = (s: 'treatment_policy' | 'hypothetical' | 'composite' | 'while_on_treatment'): number[] => {
      estimandVisits(cohort(), endpointRules(CHANGE), estimandRules({ switch: s, ...(s === 'composite' ? { worstValue: 50 } : {}) }), y, base);
      return [...y];
    };
    assert.deepEqual(at('treatment_policy'), [-1, -2, -3, -4, 2, 4, 10, 15, 2, 4, 10, NaN]);
    assert.deepEqual(at('hypothetical'), [-1, -2, -3, -4, 2, 4, NaN, NaN, 2, 4, NaN, NaN]);
    assert.deepEqual(at('composite'), [-1, -2, -3, -4, 2, 4, 50, 50, 2, 4, 50, 50]);
    assert.deepEqual(at('while_on_treatment'), [-1, -2, -3, -4, 2, 4, 4, 4, 2, 4, 4, 4]);
  });
});

const EP = { measure: 'cdasi_a', week: 16, type: 'change', crossover: 'observed' };
const ANALYSES = [
  { id: 'treatment_policy', endpoint: EP, method: 'mmrm', estimand: { switch: 'treatment_policy' } },
  { id: 'hypothetical', endpoint: EP, method: 'mmrm', estimand: { switch: 'hypothetical' } },
  { id: 'composite', endpoint: EP, method: 'ancova', estimand: { switch: 'composite', worstValue: 10 } },
  { id: 'while_on_treatment', endpoint: EP, method: 'ancova', estimand: { switch: 'while_on_treatment' } },
  { id: 'tis_composite', endpoint: { measure: 'tis', week: 16, type: 'threshold_responder', threshold: 20 }, estimand: { switch: 'composite' } },
  { id: 'locf', endpoint: { measure: 'cdasi_a', week: 16, type: 'change' }, method: 'ancova' },
];
const MAR = { mechanism: 'mar', share: 0.15, measure: 'cdasi_a', slope: 0.1 };
const spec = (effectScale: number, dropoutModel: unknown = MAR, analyses: unknown[] = ANALYSES): unknown => ({
  model: { kind: 'proderm', params: { effectScale } },
  design: { dropoutModel },
  analyses,
});

describe('truth per estimand — from the potential outcomes', () => {
  const PER_ARM = 50_000;
  const [design, nul] = computeTruths([spec(1), spec(0)], { patientsPerArm: PER_ARM });
  // The legacy rule, on the shipped design (crossover on, the model's MCAR dropout).
  const [legacyNull] = computeTruths([{ model: { kind: 'proderm', params: { effectScale: 0 } }, analyses: [ANALYSES[5]] }], { patientsPerArm: PER_ARM });

  it('with no treatment effect every estimand is exactly 0 (with the switch rule and MAR dropout)', () => {
    for (const a of ANALYSES.slice(0, 5)) assert.deepEqual(nul[a.id], { value: 0, se: 0 }, a.id);
  });

  it('under the design each estimand has its own value, away from 0 by many SEs', () => {
    for (const a of ANALYSES.slice(0, 4)) assert.ok(design[a.id].value < -20 * design[a.id].se, `${a.id}: ${JSON.stringify(design[a.id])}`);
    assert.ok(design.tis_composite.value > 20 * design.tis_composite.se);
    // The strategies differ: the composite's worst value +10 moves the control arm's switched patients.
    assert.ok(Math.abs(design.treatment_policy.value - design.hypothetical.value) > 4 * Math.hypot(design.treatment_policy.se, design.hypothetical.se));
  });

  it("LOCF after the switch is not an estimand: its null 'truth' is not 0 (ProDERM: about +0.32)", () => {
    const t = legacyNull.locf;
    assert.ok(t.value > 4 * t.se, JSON.stringify(t));
    assert.ok(Math.abs(t.value - 0.32) < 4 * Math.hypot(t.se, 0.025), JSON.stringify(t));
  });
});

describe('MMRM as an analysis', () => {
  it('is the stats/mmrm.ts fit of the estimand visits (unit: against a direct call)', () => {
    const k = createKernel(spec(1, MAR, [ANALYSES[1]]));
    const out = new Float64Array(k.layout.width);
    k.run(11, 3, out);
    // The same trial, through the pieces by hand.
    const { compiled, plan } = parseKernelSpec(spec(1, MAR, [ANALYSES[1]]));
    const c = analysedTrial(compiled, plan.analyses).simulate(streamFor(11, 3, 'patients'), streamFor(11, 3, 'allocation'));
    const y = new Float64Array(c.n * 4);
    const base = new Float64Array(c.n);
    assert.equal(estimandVisits(c, endpointRules(plan.analyses[0].endpoint), estimandRules({ switch: 'hypothetical' }), y, base), 4);
    const fit = mmrm({ y, nVisits: 4, arm: c.arm.subarray(0, c.n), baseline: base, visit: 3 });
    const o = k.layout.analyses[0].offset;
    assert.equal(out[o + A.estimable], 1);
    assert.equal(out[o + A.estimate], fit.difference.estimate);
    assert.equal(out[o + A.se], fit.difference.se);
    assert.deepEqual([out[o + A.ciLower], out[o + A.ciUpper]], fit.difference.ci);
    assert.equal(out[o + A.p], fit.difference.p);
  });

  it('recovers the treatment-policy truth under MCAR dropout within 4 MCSE (200 trials)', () => {
    const mcar = { mechanism: 'mcar', share: 0.15 };
    const analyses = [ANALYSES[0]];
    const [truth] = computeTruths([spec(1, mcar, analyses)], { patientsPerArm: 20_000 });
    const k = createKernel(spec(1, mcar, analyses));
    const out = new Float64Array(k.layout.width);
    const R = 200;
    let s = 0;
    let ss = 0;
    let m = 0;
    for (let r = 0; r < R; r++) {
      k.run(2026, r, out);
      if (out[A.estimable] !== 1) continue;
      const e = out[A.estimate];
      s += e;
      ss += e * e;
      m++;
    }
    assert.ok(m >= R - 2, `${m} of ${R} estimable`);
    const mean = s / m;
    const mcse = Math.sqrt((ss / m - mean * mean) / m);
    const t = truth.treatment_policy;
    assert.ok(Math.abs(mean - t.value) < 4 * Math.hypot(mcse, t.se), `mean ${mean} truth ${t.value} (MCSE ${mcse})`);
  });
});

/** The first error of parsing `analyses` against `visits`. */
function errorOf(analyses: unknown[], visits: number[] = [0, 4, 8, 12, 16]): SpecError {
  try {
    parseAnalysisSpecs(analyses, 'analyses', visits);
  } catch (e) {
    assert.ok(e instanceof SpecError);
    return e;
  }
  assert.fail('expected an error');
}

describe('estimands — located errors (unit)', () => {
  it('an MMRM on an endpoint with a single visit', () => {
    const e = errorOf([{ id: 'm', endpoint: { measure: 'y', week: 16 }, method: 'mmrm' }], [0, 16]);
    assert.equal(e.path, 'analyses[0].method');
    assert.match(e.message, /at least two post-baseline visits/);
  });
  it('a strategy that does not fit the endpoint type', () => {
    assert.equal(errorOf([{ id: 'c', endpoint: { measure: 'cdasi_a' }, estimand: { switch: 'composite' } }]).path, 'analyses[0].estimand.worstValue');
    assert.equal(
      errorOf([{ id: 't', endpoint: { measure: 'tis', type: 'threshold_responder', threshold: 20 }, estimand: { switch: 'composite', worstValue: 0 } }]).path,
      'analyses[0].estimand.worstValue',
    );
    assert.equal(errorOf([{ id: 'm', endpoint: { measure: 'tis', type: 'threshold_responder', threshold: 20 }, method: 'mmrm' }]).path, 'analyses[0].method');
    assert.equal(errorOf([{ id: 'l', endpoint: { measure: 'cdasi_a', dropout: 'locf' }, estimand: { switch: 'hypothetical' } }]).path, 'analyses[0].estimand');
    assert.equal(errorOf([{ id: 'v', endpoint: { measure: 'cdasi_a' }, estimand: { switch: 'sometimes' } }]).path, 'analyses[0].estimand.switch');
    assert.equal(errorOf([{ id: 'k', endpoint: { measure: 'cdasi_a' }, method: 'ancova', covariance: ['us'] }]).path, 'analyses[0].covariance');
  });
});
