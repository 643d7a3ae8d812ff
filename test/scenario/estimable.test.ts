// Designs that are legal but cannot answer (issue 19), and ANCOVA without a
// baseline (issue 18, defect 5): validation refuses what can never be
// estimable, each with a located error (unit tests of loadScenario; the
// screening check is deterministic, so the counts in the messages are exact).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_PER_ARM } from '../../src/scenario/estimable.js';
import { SCREENING_CHECK_PATIENTS, SCREENING_MULTIPLE } from '../../src/design/screening.js';
import { BASE, edit, errorsOf, load } from './helpers.js';

const F = 'scenarios/x.yaml';
const PARAMETRIC = `name: p
seed: 1
replicates: 10
model:
  kind: parametric
  params:
    endpoints:
      - {id: y, type: normal, mean: 0, sd: 1}
      - {id: v, type: normal, scale: value, mean: 0, sd: 1}
      - {id: b, type: binary, probability: {control: 0.2, treatment: 0.4}}
analyses:
  - id: a
    endpoint: {measure: y}
    method: ttest
`;
const size = (text: string): string => edit(BASE, 'n_per_arm: 20', text);

describe('validation — sizes that leave an arm without a comparison (unit)', () => {
  it(`the limits: ${MIN_PER_ARM} per arm`, () => {
    assert.equal(MIN_PER_ARM, 2);
  });
  for (const [n, arms] of [
    [2, '1 control and 1 treatment patients: 2 at 1:1'],
    [3, '1 control and 1 treatment patients: 3 at 1:1'],
  ] as const) {
    it(`sample_size ${n}`, () => {
      assert.deepEqual(errorsOf(size(`sample_size: ${n}`)), [
        `${F}:7:16 design.sample_size: each arm needs at least 2 patients for an analysis to be estimable (this design plans ${arms})`,
      ]);
    });
  }
  it('sample_size 4 (2 per arm) is accepted: it can be estimable, and the run warns when it mostly is not', () => {
    assert.equal(load(size('sample_size: 4')).design?.sample_size, 4);
  });
  it('n_per_arm 1', () => {
    assert.deepEqual(errorsOf(size('n_per_arm: 1')), [
      `${F}:7:14 design.n_per_arm: each arm needs at least 2 patients for an analysis to be estimable (this design plans 1 control and 1 treatment patients: 2 at 1:1)`,
    ]);
  });
  it('n_per_arm {control: 1, treatment: 200}', () => {
    const text = edit(size('n_per_arm: {control: 1, treatment: 200}\n  block_size: null'), '  allocation: {control: 1, treatment: 1}\n', '');
    assert.deepEqual(errorsOf(text), [
      `${F}:7:14 design.n_per_arm: each arm needs at least 2 patients for an analysis to be estimable (this design plans 1 control and 200 treatment patients: 201 at 1:200)`,
    ]);
  });
  it('allocation 1:20 with 2 patients', () => {
    const text = edit(size('sample_size: 2\n  block_size: null'), 'treatment: 1}', 'treatment: 20}');
    assert.deepEqual(errorsOf(text), [
      `${F}:7:16 design.sample_size: each arm needs at least 2 patients for an analysis to be estimable (this design plans 0 control and 1 treatment patients: 2 at 1:20)`,
    ]);
  });
  it('an ANCOVA with the stratum factor needs a residual degree of freedom (ProDERM: 3 randomization strata)', () => {
    const text = edit(size('sample_size: 5'), 'method: ancova', 'method: ancova\n    covariates: [baseline, stratum]');
    assert.deepEqual(errorsOf(text), [`${F}:7:16 design.sample_size: analysis cdasi_a (ancova) fits 5 parameters and needs more than 5 patients (this design plans 4)`]);
    assert.equal(load(edit(size('sample_size: 8'), 'method: ancova', 'method: ancova\n    covariates: [baseline, stratum]')).design?.sample_size, 8);
  });
});

describe('validation — the screening check (unit)', () => {
  it(`its size and limit: ${SCREENING_CHECK_PATIENTS} patients, 1 in ${SCREENING_MULTIPLE}`, () => {
    assert.equal(SCREENING_CHECK_PATIENTS, 20000);
    assert.equal(SCREENING_MULTIPLE, 100);
  });
  it('an eligibility rule nobody meets stops with a message', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  allocation:', '  eligibility: [{measure: cdasi_a, min: 1000000}]\n  allocation:')), [
      `${F}:8:17 design.eligibility.0: no patient meets the eligibility rules (none of 20,000 drawn from the model in a check): no trial could enrol anyone`,
    ]);
  });
  it('an eligibility rule that would screen more than 100 times the sample size stops with a message', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  allocation:', '  eligibility: [{measure: cdasi_a, min: 70}]\n  allocation:')), [
      `${F}:8:17 design.eligibility.0: only 107 of 20,000 patients drawn from the model in a check meet the eligibility rules: each trial would screen more than 100 times its sample size (the limit); widen the rules`,
    ]);
  });
  it('the shipped enrichment (CDASI-A > 14, about 2 screened per patient) passes', () => {
    assert.ok(load(edit(BASE, '  allocation:', '  eligibility: [{measure: cdasi_a, min: 14, min_inclusive: false}]\n  allocation:')).design?.eligibility);
  });
  it('baseline_above: 1e6', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'week: 16}', 'week: 16, baseline_above: 1000000}')), [
      `${F}:11:60 analyses.cdasi_a.endpoint.baseline_above: no patient has a week-0 cdasi_a above 1000000 (none of 20,000 eligible patients drawn from the model in a check; the largest was 100): the analysis would never have anyone to analyse`,
    ]);
  });
  it('strata cut points at 1e6', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'method: ancova', 'method: ancova\n    strata: {cuts: [1000000, 2000000]}')), [
      `${F}:13:30 analyses.cdasi_a.strata.cuts.1: no patient falls in the stratum (1000000,2000000] of week-0 cdasi_a (none of 20,000 eligible patients drawn from the model in a check): its results would never be estimable`,
    ]);
  });
  it('a last stratum beyond every baseline', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'method: ancova', 'method: ancova\n    strata: {cuts: [0, 6, 1000000, .inf]}')), [
      `${F}:13:36 analyses.cdasi_a.strata.cuts.3: no patient falls in the stratum (1000000,inf) of week-0 cdasi_a (none of 20,000 eligible patients drawn from the model in a check): its results would never be estimable`,
    ]);
  });
  it('a binary endpoint analysed as a change', () => {
    assert.deepEqual(errorsOf(edit(PARAMETRIC, 'measure: y}', 'measure: b, type: change}')), [
      `${F}:13:34 analyses.a.endpoint.type: a change endpoint needs a week-0 value, and b has none in the model (analyse its value, or give it a baseline)`,
    ]);
  });
  it('a ProDERM measure without a week-0 value (TIS) analysed as a change', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'measure: cdasi_a, week: 16}', 'measure: tis, week: 16}')), [
      `${F}:11:5 analyses.cdasi_a.endpoint.type: a change endpoint needs a week-0 value, and tis has none in the model (analyse its value, or give it a baseline)`,
    ]);
  });
});

describe('validation — ANCOVA on an endpoint with no baseline (issue 18, defect 5) (unit)', () => {
  it('a change endpoint whose baseline is 0 for everyone: the fit is singular', () => {
    assert.deepEqual(errorsOf(edit(PARAMETRIC, 'method: ttest', 'method: ancova')), [
      `${F}:14:13 analyses.a.method: ancova adjusts for the week-0 value of y, which is 0 for every patient (the model gives it no baseline): the fit is singular; use ttest, welch or wilcoxon, or give the endpoint a baseline`,
    ]);
  });
  it('a value endpoint with no week-0 value', () => {
    assert.deepEqual(errorsOf(edit(edit(PARAMETRIC, 'measure: y}', 'measure: v, type: value}'), 'method: ttest', 'method: ancova')), [
      `${F}:14:13 analyses.a.method: ancova adjusts for the week-0 value of v, which has none in the model; use a method without covariates (ttest, welch, wilcoxon) or give the endpoint a baseline`,
    ]);
  });
  it('with a baseline it is accepted', () => {
    const text = edit(edit(PARAMETRIC, '{id: y, type: normal, mean: 0, sd: 1}', '{id: y, type: normal, mean: 0, sd: 1, baseline: {mean: 5, sd: 1}}'), 'method: ttest', 'method: ancova');
    assert.equal(load(text).analyses[0]!.method, 'ancova');
  });
});
