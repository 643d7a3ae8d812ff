// Strategies for treatment discontinuation (issue 13, item 3; src/analysis/
// estimand.ts, estimandTruth.ts): on hand-made patients (unit), alone and
// with the switch rule's event (the earlier event decides, composite first at
// a tie); the trial records the stop in both arms and loses it behind a
// dropout (recovery on a large population); every estimand's truth is
// exactly 0 under the null (the same hazard in both arms); under the design
// the composite and while-on-treatment truths agree with a second, direct
// computation on an independent population (4 SE); located errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTruths } from '../../src/analysis/truth.js';
import { endpointRules } from '../../src/analysis/endpoint.js';
import { deriveEstimand, estimandRules, estimandVisits } from '../../src/analysis/estimand.js';
import { parseAnalysisSpecs, SpecError, type EndpointSpec, type EstimandSpec } from '../../src/analysis/spec.js';
import type { Cohort } from '../../src/model/cohort.js';
import { compileTrial } from '../../src/design/trial.js';
import { PRODERM_DESIGN, resolveDesignSpec } from '../../src/design/designSpec.js';
import { resolveProdermParams } from '../../src/model/index.js';
import { streamFor } from '../../src/random/stream.js';
import { BASE, edit, errorsOf } from '../scenario/helpers.js';
import { createKernel } from '../../src/analysis/kernel.js';
import { parseKernelSpec } from '../../src/analysis/kernelSpec.js';
import { analysedTrial } from '../../src/analysis/valueNeeds.js';
import { P } from '../../src/engine/layout.js';

const VISITS = [0, 4, 8, 12, 16];
const CHANGE: EndpointSpec = { measure: 'x', week: 16, type: 'change', threshold: NaN, baselineAbove: -Infinity, dropout: 'exclude', crossover: 'observed', deterioration: 'ignore' };

/**
 * Five patients (baseline 10): P0 no event; P1 stops after week 4; P2
 * deteriorates at 8 and stops after 4; P3 deteriorates at 4 and stops after
 * 12; P4 deteriorates at 8 and stops after 8 (a tie).
 */
function cohort(): Cohort {
  const rows = [
    [10, 9, 8, 7, 6],
    [10, 12, 14, 20, 25],
    [10, 12, 14, 20, 25],
    [10, 11, 13, 15, 17],
    [10, 12, 14, 20, 25],
  ];
  return {
    n: 5,
    visits: VISITS,
    arm: Uint8Array.from([0, 1, 0, 1, 0]),
    armLabels: ['control', 'treatment'],
    stratum: new Uint8Array(5),
    crossoverWeek: Float64Array.from([NaN, NaN, 8, NaN, 8]),
    deteriorationWeek: Float64Array.from([NaN, NaN, 8, 4, 8]),
    dropoutWeek: new Float64Array(5).fill(NaN),
    stopWeek: Float64Array.from([NaN, 4, 4, 12, 8]),
    measures: { x: Float64Array.from(rows.flat()) },
    screened: 5,
  };
}

function derive(e: EstimandSpec, ep: EndpointSpec = CHANGE): number[] {
  const out = new Float64Array(5);
  deriveEstimand(cohort(), endpointRules(ep), estimandRules(e), out, new Float64Array(5));
  return [...out];
}

describe('discontinuation strategies on hand-made patients (unit)', () => {
  it('alone (the switch by treatment policy): as observed; missing; the worst value; the last on-treatment value', () => {
    assert.deepEqual(derive({ switch: 'treatment_policy' }), [-4, 15, 15, 7, 15]);
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'treatment_policy' }), [-4, 15, 15, 7, 15]);
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'hypothetical' }), [-4, NaN, NaN, NaN, NaN]);
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'composite', worstValue: 50 }), [-4, 50, 50, 50, 50]);
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'while_on_treatment' }), [-4, 2, 2, 5, 4]);
  });

  it('with the switch event: the earlier event not handled by treatment policy decides; at a tie composite, then hypothetical', () => {
    assert.deepEqual(derive({ switch: 'while_on_treatment', discontinuation: 'hypothetical' }), [-4, NaN, NaN, 1, NaN]);
    assert.deepEqual(derive({ switch: 'composite', discontinuation: 'while_on_treatment', worstValue: 50 }), [-4, 2, 2, 50, 50]);
    assert.deepEqual(derive({ switch: 'hypothetical', discontinuation: 'treatment_policy' }), [-4, 15, NaN, NaN, NaN]);
    assert.deepEqual(derive({ switch: 'while_on_treatment', discontinuation: 'composite', worstValue: 50 }), [-4, 50, 50, 1, 50]);
  });

  it('responders: a composite stop is non-response; a dropout is a failure, a hypothetical value is not', () => {
    const resp: EndpointSpec = { ...CHANGE, type: 'threshold_responder', threshold: 13, dropout: 'failure' };
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'composite' }, resp), [0, 0, 0, 0, 0]);
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'hypothetical' }, resp), [0, NaN, NaN, NaN, NaN]);
    assert.deepEqual(derive({ switch: 'treatment_policy', discontinuation: 'while_on_treatment' }, resp), [0, 0, 0, 1, 1]);
  });

  it("the MMRM's visits: after the stop only", () => {
    const y = new Float64Array(20);
    estimandVisits(cohort(), endpointRules(CHANGE), estimandRules({ switch: 'treatment_policy', discontinuation: 'while_on_treatment' }), y, new Float64Array(5));
    assert.deepEqual([...y], [-1, -2, -3, -4, 2, 2, 2, 2, 2, 2, 2, 2, 1, 3, 5, 5, 2, 4, 4, 4]);
    estimandVisits(cohort(), endpointRules(CHANGE), estimandRules({ switch: 'treatment_policy', discontinuation: 'hypothetical' }), y, new Float64Array(5));
    assert.deepEqual([...y], [-1, -2, -3, -4, 2, NaN, NaN, NaN, 2, NaN, NaN, NaN, 1, 3, 5, NaN, 2, 4, NaN, NaN]);
  });

  it('a cohort without stop weeks (a sample CSV): nobody stopped', () => {
    const c = cohort();
    delete c.stopWeek;
    const out = new Float64Array(5);
    deriveEstimand(c, endpointRules(CHANGE), estimandRules({ switch: 'treatment_policy', discontinuation: 'hypothetical' }), out, new Float64Array(5));
    assert.deepEqual([...out], [-4, 15, 15, 7, 15]);
  });
});

const params = (() => {
  const r = resolveProdermParams({});
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
})();

const HAZARD = { mechanism: 'mar', share: 0.25, measure: 'cdasi_a', slope: 0.1 };

describe('discontinuation in the trial — the stop week (recovery on a large population)', () => {
  const N = 40_000;
  const cohortOf = (design: unknown): Cohort => {
    const d = resolveDesignSpec(design, PRODERM_DESIGN);
    assert.ok(d.ok, d.ok ? '' : d.errors.join('\n'));
    const trial = compileTrial({ model: { kind: 'proderm', params }, design: d.design });
    return trial.simulate(streamFor(3, 0, 'patients'), streamFor(3, 0, 'allocation'));
  };
  it('is recorded in both arms, the share stopping before week 16 within 4 MCSE of the target', () => {
    const c = cohortOf({ sampleSize: N, horizonWeek: 16, dropout: { beforePrimary: 0 }, discontinuation: { hazard: HAZARD, waning: 0.1 } });
    for (const arm of [0, 1]) {
      let m = 0;
      let stopped = 0;
      for (let i = 0; i < c.n; i++) {
        if (c.arm[i] !== arm) continue;
        m++;
        const w = c.stopWeek![i];
        if (w === w) {
          assert.ok(c.visits.includes(w) && w < 16, `patient ${i}: stop week ${w}`);
          stopped++;
        }
      }
      const mcse = Math.sqrt(0.25 * 0.75 * (1 / m + 1 / 20_000));
      assert.ok(Math.abs(stopped / m - 0.25) < 4 * mcse, `arm ${arm}: ${stopped / m} (MCSE ${mcse})`);
    }
  });
  it('a stop is not seen when its first visit off treatment falls at or after the dropout', () => {
    const c = cohortOf({ sampleSize: N, horizonWeek: 16, dropout: { beforePrimary: 0.3 }, discontinuation: { hazard: HAZARD, waning: 0.1 } });
    let seen = 0;
    let dropped = 0;
    for (let i = 0; i < c.n; i++) {
      const w = c.stopWeek![i];
      const d = c.dropoutWeek[i];
      if (d === d) dropped++;
      if (w !== w) continue;
      seen++;
      const next = c.visits[c.visits.indexOf(w) + 1];
      assert.ok(!(next >= d), `patient ${i}: stop after ${w}, dropout at ${d}`);
    }
    assert.ok(seen > 1000 && dropped > 1000, `${seen} stops seen, ${dropped} dropouts`);
  });
});

const EP = { measure: 'cdasi_a', week: 16, type: 'change', crossover: 'observed' };
const TIS = { measure: 'tis', week: 16, type: 'threshold_responder', threshold: 20 };
const ANALYSES = [
  { id: 'tp', endpoint: EP, method: 'mmrm', estimand: { switch: 'treatment_policy', discontinuation: 'treatment_policy' } },
  { id: 'hyp', endpoint: EP, method: 'mmrm', estimand: { switch: 'treatment_policy', discontinuation: 'hypothetical' } },
  { id: 'comp', endpoint: EP, method: 'ancova', estimand: { switch: 'treatment_policy', discontinuation: 'composite', worstValue: 10 } },
  { id: 'wot', endpoint: EP, method: 'ancova', estimand: { switch: 'treatment_policy', discontinuation: 'while_on_treatment' } },
  { id: 'both_hyp', endpoint: EP, method: 'mmrm', estimand: { switch: 'hypothetical', discontinuation: 'hypothetical' } },
  { id: 'mixed', endpoint: EP, method: 'ancova', estimand: { switch: 'while_on_treatment', discontinuation: 'composite', worstValue: 10 } },
  { id: 'tis_comp', endpoint: TIS, estimand: { switch: 'composite', discontinuation: 'composite' } },
];
const spec = (effectScale: number, waning = 100): unknown => ({
  model: { kind: 'proderm', params: { effectScale } },
  design: { horizonWeek: 16, dropoutModel: { mechanism: 'mar', share: 0.15, measure: 'cdasi_a', slope: 0.1 }, discontinuation: { hazard: HAZARD, waning } },
  analyses: ANALYSES,
});

describe('truth per discontinuation strategy — from the potential outcomes', () => {
  const PER_ARM = 20_000;
  const [design, nul] = computeTruths([spec(1), spec(0)], { patientsPerArm: PER_ARM });

  it('with no treatment effect every estimand is exactly 0 (the same hazard in both arms, the switch rule and MAR dropout)', () => {
    for (const a of ANALYSES) assert.deepEqual(nul[a.id], { value: 0, se: 0 }, a.id);
  });

  it('under the design: stopping (the effect gone at once) shrinks the treatment-policy effect against the hypothetical one', () => {
    for (const a of ANALYSES.slice(0, 6)) assert.ok(design[a.id].value < -10 * design[a.id].se, `${a.id}: ${JSON.stringify(design[a.id])}`);
    // Both on the same patients; the SEs added are a conservative bound.
    assert.ok(design.hyp.value < design.tp.value - 4 * (design.hyp.se + design.tp.se), `${JSON.stringify(design.hyp)} vs ${JSON.stringify(design.tp)}`);
  });

  it('composite and while on treatment: a direct computation on an independent population agrees within 4 SE', () => {
    // A second implementation: both arms' potential outcomes of the same patients, no dropout, the strategy written out.
    const d = resolveDesignSpec({ sampleSize: 30_000, horizonWeek: 16, dropout: { beforePrimary: 0 }, discontinuation: { hazard: HAZARD, waning: 100 } }, PRODERM_DESIGN);
    assert.ok(d.ok);
    const trial = compileTrial({ model: { kind: 'proderm', params }, design: d.design });
    const draws = trial.newDraws();
    trial.draw(streamFor(77, 0, 'patients'), streamFor(77, 0, 'allocation'), draws);
    draws.arm.fill(0);
    const c0 = trial.fromDraws(draws, trial.newCohort());
    draws.arm.fill(1);
    const c1 = trial.fromDraws(draws, trial.newCohort());
    const V = c0.visits.length;
    const k = c0.visits.indexOf(16);
    const value = (c: Cohort, i: number, strategy: 'comp' | 'wot'): number => {
      const x = c.measures.cdasi_a;
      const w = c.stopWeek![i];
      if (!(w < 16)) return x[i * V + k] - x[i * V];
      if (strategy === 'comp') return 10;
      const j = c.visits.indexOf(w);
      return j >= 1 ? x[i * V + j] - x[i * V] : NaN;
    };
    for (const strategy of ['comp', 'wot'] as const) {
      let m = 0;
      let s = 0;
      let ss = 0;
      for (let i = 0; i < c0.n; i++) {
        const diff = value(c1, i, strategy) - value(c0, i, strategy);
        if (diff !== diff) continue;
        m++;
        s += diff;
        ss += diff * diff;
      }
      const mean = s / m;
      const se = Math.sqrt((ss / m - mean * mean) / (m - 1));
      const t = design[strategy];
      assert.ok(Math.abs(mean - t.value) < 4 * Math.hypot(se, t.se), `${strategy}: direct ${mean} ± ${se}, truth ${t.value} ± ${t.se}`);
    }
  });
});

describe('discontinuations per arm in the planning counts (unit: against the cohort)', () => {
  it("a replicate's record counts each arm's seen stops before the last analysis week", () => {
    let total = 0;
    for (const r of [0, 1, 2]) {
      const k = createKernel(spec(1, 0.1));
      const out = new Float64Array(k.layout.width);
      k.run(11, r, out);
      const { compiled, plan } = parseKernelSpec(spec(1, 0.1));
      const c = analysedTrial(compiled, plan.analyses).simulate(streamFor(11, r, 'patients'), streamFor(11, r, 'allocation'));
      const stops = [0, 0];
      for (let i = 0; i < c.n; i++) if (c.stopWeek![i] < 16) stops[c.arm[i]]++;
      const at = k.layout.trial!;
      assert.deepEqual([out[at + P.stops0], out[at + P.stops1]], stops, `replicate ${r}`);
      total += stops[0] + stops[1];
    }
    assert.ok(total > 5, `${total} stops in 3 trials`);
  });
});

/** The first error of parsing `analyses`. */
function errorOf(analyses: unknown[]): SpecError {
  try {
    parseAnalysisSpecs(analyses, 'analyses', VISITS);
  } catch (e) {
    assert.ok(e instanceof SpecError);
    return e;
  }
  assert.fail('expected an error');
}

describe('discontinuation strategies — located errors (unit)', () => {
  it('a composite stop on a continuous endpoint needs a worst value; a responder takes none; an unknown strategy', () => {
    assert.equal(errorOf([{ id: 'c', endpoint: { measure: 'cdasi_a' }, estimand: { discontinuation: 'composite' } }]).path, 'analyses[0].estimand.worstValue');
    assert.equal(errorOf([{ id: 't', endpoint: TIS, estimand: { discontinuation: 'composite', worstValue: 0 } }]).path, 'analyses[0].estimand.worstValue');
    assert.equal(errorOf([{ id: 'w', endpoint: { measure: 'cdasi_a' }, estimand: { discontinuation: 'hypothetical', worstValue: 0 } }]).path, 'analyses[0].estimand.worstValue');
    assert.equal(errorOf([{ id: 'v', endpoint: { measure: 'cdasi_a' }, estimand: { discontinuation: 'never' } }]).path, 'analyses[0].estimand.discontinuation');
  });
  it('a strategy for discontinuation on a design without it (the scenario, located)', () => {
    const text = `${BASE}    estimand: {discontinuation: hypothetical}\n`;
    assert.deepEqual(errorsOf(text), [
      'scenarios/x.yaml:13:33 analyses.cdasi_a.estimand.discontinuation: has no effect: the design has no treatment discontinuation (design.discontinuation), so a hypothetical strategy for it handles nothing; give design.discontinuation or remove the strategy',
    ]);
    const withIt = edit(text, '  allocation:', '  discontinuation: {hazard: {mechanism: mcar, share: 0.1}}\n  allocation:');
    assert.deepEqual(errorsOf(withIt), []);
    assert.deepEqual(errorsOf(`${BASE}    estimand: {discontinuation: treatment_policy}\n`), []);
  });
});
