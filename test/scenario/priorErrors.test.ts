// A bad design prior or success criterion, as a user sees it: each problem
// at its file:line:col and key path (unit tests of loadScenario + expansion).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf } from './helpers.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import type { AssuranceSpec } from '../../src/analysis/assurance.js';

const F = 'scenarios/x.yaml';

const parametric = (prior: string, extra = ''): string => `name: bad
seed: 1
replicates: 10
model:
  kind: parametric
  params:
    endpoints: [{id: score, type: normal, mean: {control: 0, treatment: -5}, sd: 10}]
  prior:
    score: ${prior}
analyses:
  - id: t
    endpoint: {measure: score}
    method: ttest
${extra}`;

describe('design prior — located errors (unit)', () => {
  it('an SD of 0, bounds the wrong way round, weights not summing to 1, no distribution, two of them', () => {
    assert.deepEqual(errorsOf(parametric('{normal: {mean: -5, sd: 0}}')), [`${F}:9:36 model.prior.score.normal.sd: the SD must be above 0 (got 0)`]);
    assert.deepEqual(errorsOf(parametric('{truncated_normal: {mean: -5, sd: 1, lower: 0, upper: -1}}')), [
      `${F}:9:66 model.prior.score.truncated_normal.upper: upper must be above lower (got lower 0, upper -1)`,
    ]);
    assert.deepEqual(errorsOf(parametric('{mixture: [{weight: 0.5, normal: {mean: 1, sd: 1}}, {weight: 0.4, normal: {mean: 0, sd: 1}}]}')), [
      `${F}:9:22 model.prior.score.mixture: the weights must sum to 1 (they sum to 0.9)`,
    ]);
    assert.deepEqual(errorsOf(parametric('{mixture: [{weight: 1}]}')), [`${F}:9:23 model.prior.score.mixture.0: give one of normal, truncated_normal (got none)`]);
    assert.deepEqual(errorsOf(parametric('{normal: {mean: 1, sd: 1}, from_paper: true}')), [`${F}:9:12 model.prior.score: give one of from_paper, normal, truncated_normal, mixture (got from_paper and normal)`]);
  });
  it('from_paper on the parametric model; a success analysis that is not one', () => {
    assert.deepEqual(errorsOf(parametric('{from_paper: true}')), [
      `${F}:9:25 model.prior.score.from_paper: ProDERM published a difference with a CI for cdasi_a, cdasi_d, cutaneous_vas (ProDERM model); give normal, truncated_normal or mixture for 'score'`,
    ]);
    assert.deepEqual(errorsOf(parametric('{normal: {mean: -5, sd: 3}}', 'success: {analysis: nope}\n')), [`${F}:14:21 success.analysis: 'nope' is not an analysis of the scenario (t)`]);
  });
  it('ProDERM: a prior on a measure whose effect is also fixed (model.effects, an effect_* override), on two measures', () => {
    const proderm = (model: string): string => `name: bad
seed: 1
replicates: 10
model:
${model}
analyses:
  - id: a
    endpoint: {measure: cdasi_a, week: 16, type: change}
    method: ancova
`;
    assert.deepEqual(errorsOf(proderm('  kind: proderm\n  effects: {cdasi_a: {difference: -5}}\n  prior: {cdasi_a: {from_paper: true}}')), [
      `${F}:7:20 model.prior.cdasi_a: the measure’s effect is also fixed by model.effects.cdasi_a: give it once`,
    ]);
    assert.deepEqual(errorsOf(proderm('  kind: proderm\n  params: {effect_cdasi_a: -5}\n  prior: {cdasi_a: {from_paper: true}}')), [
      `${F}:7:20 model.prior.cdasi_a: the measure’s effect is also fixed by model.params.effect_cdasi_a: give it once`,
    ]);
    assert.deepEqual(errorsOf(proderm('  kind: proderm\n  prior: {cdasi_a: {from_paper: true}, mmt8: {normal: {mean: 1, sd: 1}}}')), [
      `${F}:6:10 model.prior: a prior on one measure (got cdasi_a, mmt8)`,
    ]);
  });
});

describe('design prior — sweeps and overrides reach into the prior (unit)', () => {
  it('sweep of model.prior.score.normal.sd: two design points, each with its own prior and bin edges', () => {
    const text = parametric('{normal: {mean: -5, sd: 3}}', 'sweep:\n  model.prior.score.normal.sd: [1, 3]\n');
    const r = loadScenario(text, F);
    assert.ok(r.ok);
    const points = expandDesigns(r.scenario);
    assert.equal(points.length, 2);
    const priors = points.map((p) => (p.spec as { assurance: AssuranceSpec }).assurance);
    assert.deepEqual(
      priors.map((a) => a.prior?.distribution),
      [1, 3].map((sd) => ({ kind: 'normal', mean: -5, sd })),
    );
    // Edges at the deciles: mean + sd Φ⁻¹(k/10); the first at −5 − 1.2816 sd.
    assert.ok(Math.abs(priors[0].edges[0] - (-5 - 1.2815515655446004)) < 1e-9 && Math.abs(priors[1].edges[0] - (-5 - 3 * 1.2815515655446004)) < 1e-9);
  });
});
