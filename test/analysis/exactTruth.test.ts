// The exact truth (src/analysis/exactTruth.ts) and how a simulated truth's own
// error enters bias and coverage (src/engine/mcse.ts): unit tests against
// closed forms and hand computation, and a Monte Carlo check (fixed streams)
// that bias / MCSE is standard normal over independent truths.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exactTruth, withExactTruth } from '../../src/analysis/exactTruth.js';
import { loadSource } from '../../src/api/source.js';
import { accumulatorLayout, addRecord, emptyAccumulator } from '../../src/engine/accumulator.js';
import { A, buildLayout } from '../../src/engine/layout.js';
import { bias, coverage, proportion } from '../../src/engine/mcse.js';
import { summarize } from '../../src/engine/summarize.js';
import { truthVector, type Truth } from '../../src/engine/truth.js';
import { streamFor } from '../../src/random/stream.js';
import { ROOT } from '../support/fixtures.js';

/** A parametric scenario: a normal endpoint (change, SD 10, baseline correlation 0.5) and a binary one. */
function parametric(opts: { sdTreatment?: number; dropout?: number; endpointDropout?: string; eligibility?: boolean; strata?: boolean } = {}): string {
  const dropoutRule = opts.endpointDropout === undefined ? '' : `, dropout: ${opts.endpointDropout}`;
  const strata = opts.strata === true ? '\n    strata: {measure: score, cuts: [0, 50, .inf]}' : '';
  return `name: exact
seed: 1
replicates: 10
model:
  kind: parametric
  params:
    dropout: ${opts.dropout ?? 0}
    endpoints:
      - id: score
        type: normal
        mean: {control: 0, treatment: -5}
        sd: {control: 10, treatment: ${opts.sdTreatment ?? 10}}
        baseline: {mean: 50, sd: 10, correlation: 0.5}
      - id: resp
        type: binary
        probability: {control: 0.3, treatment: 0.55}
design:
  n_per_arm: 20
${opts.eligibility === true ? '  eligibility: [{measure: score, min: 45}]\n' : ''}analyses:
  - id: ttest
    endpoint: {measure: score, week: 16, type: change${dropoutRule}}
    method: ttest${strata}
  - id: ancova
    endpoint: {measure: score, week: 16, type: change${dropoutRule}}
    method: ancova
  - id: value
    endpoint: {measure: score, week: 16, type: value${dropoutRule}}
    method: welch
  - id: fisher
    endpoint: {measure: resp, week: 16, type: threshold_responder, threshold: 1, dropout: exclude}
    method: responder_fisher
`;
}

const point = (text: string, sets: string[] = []) => loadSource({ text, file: 'exact.yaml' }, {}, sets).designs[0];

describe('exactTruth — the closed form of the parametric model and the null (unit)', () => {
  it('d = 0.5 (−5 with SD 10): every analysis −5 exactly, the binary one 0.25, with SE 0; no population needed', () => {
    const e = exactTruth(point(parametric()).spec);
    assert.equal(e.complete, true);
    assert.deepEqual(e.truth, {
      ttest: { value: -5, se: 0, source: 'closed_form' },
      ancova: { value: -5, se: 0, source: 'closed_form' },
      value: { value: -5, se: 0, source: 'closed_form' },
      fisher: { value: 0.55 - 0.3, se: 0, source: 'closed_form' },
    });
  });

  it('under the null every estimand is exactly 0', () => {
    const e = exactTruth(point(parametric({ strata: true })).nullSpec);
    assert.equal(e.complete, true);
    for (const t of Object.values(e.truth)) {
      assert.equal(t.value, 0);
      assert.equal(t.se, 0);
      assert.equal(t.source, 'null');
      for (const s of Object.values(t.strata ?? {})) assert.deepEqual(s, { value: 0, se: 0, source: 'null' });
    }
    assert.deepEqual(Object.keys(e.truth.ttest.strata ?? {}), ['(0,50]', '(50,inf)']);
  });

  it('effect_scale interpolates: 0.5 gives −2.5 and 0.125', () => {
    const e = exactTruth(point(parametric(), ['model.params.effect_scale=0.5']).spec);
    assert.equal(e.truth.ttest.value, -2.5);
    assert.ok(Math.abs(e.truth.fisher.value - 0.125) < 1e-15, `${e.truth.fisher.value}`);
  });

  it('within baseline strata: exact when the arms’ SDs are equal, simulated when they differ', () => {
    const equal = exactTruth(point(parametric({ strata: true })).spec);
    assert.equal(equal.complete, true);
    assert.deepEqual(equal.truth.ttest.strata, { '(0,50]': { value: -5, se: 0, source: 'closed_form' }, '(50,inf)': { value: -5, se: 0, source: 'closed_form' } });
    const unequal = exactTruth(point(parametric({ strata: true, sdTreatment: 12 })).spec);
    assert.equal(unequal.complete, false);
    assert.deepEqual(unequal.truth.ttest.strata, {});
    assert.equal(unequal.truth.ttest.value, -5, 'the overall difference is still μt − μc');
  });

  it('not in closed form: LOCF of dropouts, eligibility rules, the ProDERM model; ProDERM’s null only without crossover rules', () => {
    const locf = exactTruth(point(parametric({ dropout: 0.2, endpointDropout: 'locf' })).spec);
    assert.equal(locf.complete, false);
    assert.deepEqual(Object.keys(locf.truth), ['fisher']);
    // Complete-case analysis under dropout completely at random keeps the estimand.
    assert.equal(exactTruth(point(parametric({ dropout: 0.2, endpointDropout: 'exclude' })).spec).complete, true);
    const eligible = exactTruth(point(parametric({ eligibility: true })).spec);
    assert.deepEqual(eligible, { truth: {}, complete: false });
    const proderm = loadSource(join(ROOT, 'scenarios/proderm.yaml')).designs[0];
    assert.deepEqual(exactTruth(proderm.spec), { truth: {}, complete: false });
    // With crossover the control arm's switch falls under the endpoint's LOCF rule only there: not 0 (0.32 ± 0.025 for CDASI-A).
    const withSwitch = exactTruth(proderm.nullSpec);
    assert.equal(withSwitch.complete, false);
    const noSwitch = exactTruth(loadSource(join(ROOT, 'scenarios/proderm.yaml'), {}, ['design.crossover=false']).designs[0].nullSpec);
    assert.equal(noSwitch.complete, true);
    assert.ok(Object.values(noSwitch.truth).every((t) => t.value === 0 && t.se === 0 && t.source === 'null'));
  });

  it('withExactTruth: exact values replace simulated ones, simulated strata stay, every value says its source', () => {
    const simulated: Truth = { a: { value: -4.9, se: 0.1, strata: { s1: { value: -4.8, se: 0.2 }, s2: { value: -5.2, se: 0.3 } } }, b: { value: 1, se: 0.01 } };
    const exact: Truth = { a: { value: -5, se: 0, source: 'closed_form', strata: { s1: { value: -5, se: 0, source: 'closed_form' } } } };
    assert.deepEqual(withExactTruth(simulated, exact), {
      a: { value: -5, se: 0, source: 'closed_form', strata: { s1: { value: -5, se: 0, source: 'closed_form' }, s2: { value: -5.2, se: 0.3, source: 'simulated' } } },
      b: { value: 1, se: 0.01, source: 'simulated' },
    });
  });
});

describe('a noisy truth in bias and coverage — unit tests against hand computation', () => {
  it('bias MCSE = √(s²/n + SE(truth)²)', () => {
    // Estimates 1, 2, 4: mean 7/3, M2 14/3, s²/n = 7/9; a truth 2 ± 0.5.
    const b = bias(3, 7 / 3, 14 / 3, 2, 0.5);
    assert.equal(b.estimate, 7 / 3 - 2);
    assert.ok(Math.abs((b.mcse ?? NaN) - Math.sqrt(7 / 9 + 0.25)) < 1e-15);
    assert.deepEqual(bias(3, 7 / 3, 14 / 3, 2, 0), bias(3, 7 / 3, 14 / 3, 2), 'an exact truth adds nothing');
  });

  it('coverage MCSE = √(p̂(1 − p̂)/n + δ²), δ = (hits at truth + SE − hits at truth − SE)/(2n)', () => {
    const c = coverage(90, 100, 80, 96);
    assert.equal(c.estimate, 0.9);
    assert.ok(Math.abs((c.mcse ?? NaN) - Math.sqrt((0.9 * 0.1) / 100 + 0.08 ** 2)) < 1e-15);
    assert.deepEqual(coverage(90, 100, 90, 90), proportion(90, 100), 'exact truth: binomial');
  });

  it('through addRecord and summarize: the interval [x − 1, x + 1] against a truth 0 ± 0.5 counts hits at −0.5, 0 and 0.5', () => {
    const layout = buildLayout([{ id: 'x', strata: [] }]);
    const slots = accumulatorLayout(layout);
    const acc = emptyAccumulator(slots);
    const truth: Truth = { x: { value: 0, se: 0.5 } };
    const tv = truthVector(truth, layout);
    // Estimates −1.2, −0.8, 0.3, 0.9: intervals cover 0 three times, −0.5 three times, 0.5 three times (−1.2 misses both 0 and 0.5).
    for (const x of [-1.2, -0.8, 0.3, 0.9]) {
      const rec = new Float64Array(layout.width).fill(NaN);
      rec[A.estimable] = 1;
      rec[A.estimate] = x;
      rec[A.se] = 0.5;
      rec[A.ciLower] = x - 1;
      rec[A.ciUpper] = x + 1;
      rec[A.p] = 0.5;
      rec[A.reject] = 0;
      rec[A.rejectAdjusted] = 0;
      addRecord(acc, slots, layout, rec, tv, [0]);
    }
    const e = summarize(acc, layout, truth, null, 'alternative').analyses[0].estimation;
    assert.deepEqual(e.coverageTruthShift, { minusSE: 3 / 4, plusSE: 2 / 4 });
    assert.equal(e.coverage?.estimate, 3 / 4);
    const delta = (2 - 3) / (2 * 4);
    assert.ok(Math.abs((e.coverage?.mcse ?? NaN) - Math.sqrt((0.75 * 0.25) / 4 + delta * delta)) < 1e-15);
  });
});

describe('bias / MCSE over independent noisy truths — Monte Carlo (fixed streams)', () => {
  it('is standard normal when the truth’s SE is in the MCSE (its variance would be 2 without it)', () => {
    // K runs of n estimates N(θ, 1); each run's truth θ + s·Z from a stream of its own, s = 1/√n (as large as the replicates' MCSE).
    const K = 400;
    const n = 100;
    const theta = 0.7;
    const s = 1 / Math.sqrt(n);
    const layout = buildLayout([{ id: 'x', strata: [] }]);
    const slots = accumulatorLayout(layout);
    const zs: number[] = [];
    for (let k = 0; k < K; k++) {
      const truth: Truth = { x: { value: theta + s * streamFor(20261202, k, 'truth').normal(), se: s } };
      const tv = truthVector(truth, layout);
      const acc = emptyAccumulator(slots);
      const r = streamFor(20261202, k, 'estimates');
      for (let i = 0; i < n; i++) {
        const x = theta + r.normal();
        const rec = new Float64Array(layout.width).fill(NaN);
        rec[A.estimable] = 1;
        rec[A.estimate] = x;
        rec[A.se] = 1;
        rec[A.ciLower] = x - 1.96;
        rec[A.ciUpper] = x + 1.96;
        addRecord(acc, slots, layout, rec, tv, [0]);
      }
      const b = summarize(acc, layout, truth, null, 'alternative').analyses[0].estimation.bias;
      assert.ok(b !== null && b.estimate !== null && b.mcse !== null);
      zs.push(b.estimate / b.mcse);
    }
    const mean = zs.reduce((a, z) => a + z, 0) / K;
    const variance = zs.reduce((a, z) => a + (z - mean) ** 2, 0) / (K - 1);
    // 4 SEs: the mean's 1/√K, the sample variance's √(2/(K − 1)) (normal z).
    assert.ok(Math.abs(mean) <= 4 / Math.sqrt(K), `mean of bias/MCSE ${mean}`);
    assert.ok(Math.abs(variance - 1) <= 4 * Math.sqrt(2 / (K - 1)), `variance of bias/MCSE ${variance} (about 2 if the truth's SE were left out)`);
  });
});
