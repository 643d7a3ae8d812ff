// The bad input issue 13 names, as a user sees it: a dropout share that cannot
// be reached, a strategy that does not fit the endpoint type, an MMRM on an
// endpoint with a single visit, each at its file:line:col (unit tests of
// loadScenario).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf } from './helpers.js';

const F = 'scenarios/x.yaml';

const PRODERM = `name: bad
seed: 1
replicates: 10
model: {kind: proderm}
design:
  dropout_model: {mechanism: mnar, share: 0.99, measure: cdasi_a, slope: -60}
analyses:
  - id: m
    endpoint: {measure: cdasi_a, week: 16}
    method: mmrm
    estimand: {switch: composite}
`;

const PARAMETRIC = `name: bad
seed: 1
replicates: 10
model:
  kind: parametric
  params:
    endpoints: [{id: score, type: normal, mean: {control: 0, treatment: -5}, sd: 10}]
analyses:
  - id: m
    endpoint: {measure: score}
    method: mmrm
`;

describe('estimands and dropout — located errors (unit)', () => {
  it('a dropout share out of reach, and a composite on a change endpoint without its worst value', () => {
    assert.deepEqual(errorsOf(PRODERM), [
      `${F}:6:43 design.dropout_model.share: a share of 0.99 missing week 16 cannot be reached with slope -60 (the placebo arm's trajectories)`,
      `${F}:11:5 analyses.m.estimand.worst_value: the composite strategy on a change endpoint needs the worst value the event counts as (on the endpoint's scale)`,
    ]);
  });
  it('an MMRM on an endpoint with a single post-baseline visit', () => {
    assert.deepEqual(errorsOf(PARAMETRIC), [`${F}:11:13 analyses.m.method: mmrm needs at least two post-baseline visits up to week 16 (the model has 16); use ancova`]);
  });
  it('the valid forms load', () => {
    const ok = PRODERM.replace('share: 0.99', 'share: 0.15').replace('slope: -60', 'slope: 0.2').replace('{switch: composite}', '{switch: composite, worst_value: 10}');
    assert.deepEqual(errorsOf(ok), []);
  });
});
