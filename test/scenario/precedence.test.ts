// Keys another key overrides (issue 18, defect 4): each precedence pair of
// the scenario's semantics (src/scenario/precedence.ts) is an error naming
// both keys, located at the one with no effect (unit tests of loadScenario).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
analyses:
  - id: a
    endpoint: {measure: y}
    method: ttest
`;

describe('precedence — a --set another key overrides is an error naming both (unit)', () => {
  it('--set design.sample_size on a file that sweeps n_per_arm (the issue’s case)', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.n_per_arm: [10, 20]\n`, ['design.sample_size=60']), [
      '--set:1:1 design.sample_size: has no effect: the sweep of design.n_per_arm replaces design.sample_size at every design point; set design.n_per_arm instead (that fixes the sweep axis)',
    ]);
  });
  it('--set design.n_per_arm on a file that sweeps sample_size', () => {
    const text = `${edit(BASE, 'n_per_arm: 20', 'sample_size: 40')}sweep:\n  design.sample_size: [10, 20]\n`;
    assert.deepEqual(errorsOf(text, ['design.n_per_arm=30']), [
      '--set:1:1 design.n_per_arm: has no effect: the sweep of design.sample_size replaces design.n_per_arm at every design point; set design.sample_size instead (that fixes the sweep axis)',
    ]);
  });
  it('a --set that a later --set of its alternative replaces', () => {
    assert.deepEqual(errorsOf(BASE, ['design.sample_size=60', 'design.n_per_arm=40']), [
      '--set:1:1 design.sample_size: has no effect: --set design.n_per_arm (--set number 2) replaces design.sample_size; give one of them',
    ]);
  });
  it('a --set that a later --set of the mapping holding it replaces', () => {
    assert.deepEqual(errorsOf(BASE, ['design.allocation.treatment=2', 'design.allocation={control: 1, treatment: 1}']), [
      '--set:1:1 design.allocation.treatment: has no effect: --set design.allocation (--set number 2) replaces design.allocation.treatment; give one of them',
    ]);
  });
  it('the same key twice is not an error: the later wins', () => {
    assert.equal(load(BASE, ['design.n_per_arm=30', 'design.n_per_arm=40']).design?.n_per_arm, 40);
  });
  it('a --set of a swept key still fixes it (the documented override)', () => {
    assert.deepEqual(load(`${BASE}sweep:\n  design.n_per_arm: [10, 20]\n`, ['design.n_per_arm=30']).sweep, {});
  });
  it('two sweep axes that are alternatives of each other', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.sample_size: [40, 60]\n  design.n_per_arm: [10, 20]\n`), [
      `${F}:14:3 sweep.design.sample_size: the sweep of design.n_per_arm replaces design.sample_size at every design point: sweep one of them`,
    ]);
  });
  it('the parametric model’s dropout under design.dropout.before_primary, from a --set', () => {
    assert.deepEqual(errorsOf(`${PARAMETRIC}design:\n  dropout: {before_primary: 0.1}\n`, ['model.params.dropout=0.2']), [
      '--set:1:22 model.params.dropout: has no effect: design.dropout.before_primary overrides it; give one of them',
    ]);
  });
  it('ProDERM’s calibrated dropouts under design.dropout, in the file', () => {
    const text = edit(
      edit(BASE, 'kind: proderm', 'kind: proderm\n  params: {dropout_before_week16: 0.1, dropout_week16_to40: 0.3}'),
      '  allocation:',
      '  dropout: {before_primary: 0.05, after_primary: 0.2}\n  allocation:',
    );
    assert.deepEqual(errorsOf(text), [
      `${F}:6:35 model.params.dropout_before_week16: has no effect: design.dropout.before_primary overrides it; give one of them`,
      `${F}:6:61 model.params.dropout_week16_to40: has no effect: design.dropout.after_primary overrides it; give one of them`,
    ]);
  });
  it('a sweep of a model dropout the design overrides: at each swept value', () => {
    const text = `${edit(BASE, '  allocation:', '  dropout: {before_primary: 0.05}\n  allocation:')}sweep:\n  model.params.dropout_before_week16: [0.1, 0.2]\n`;
    assert.deepEqual(errorsOf(text), [
      `${F}:15:40 model.params.dropout_before_week16: has no effect: design.dropout.before_primary overrides it; give one of them`,
      `${F}:15:45 model.params.dropout_before_week16: has no effect: design.dropout.before_primary overrides it; give one of them`,
    ]);
  });
  it('design.dropout beside design.dropout_model (the outcome-dependent dropout replaces it), in the file and from a --set', () => {
    const model = '  dropout_model: {mechanism: mar, share: 0.15, measure: cdasi_a, on: change, slope: 0.1}\n  allocation:';
    const text = edit(BASE, '  allocation:', `  dropout: {before_primary: 0.05}\n${model}`);
    assert.deepEqual(errorsOf(text), [`${F}:8:29 design.dropout.before_primary: has no effect: design.dropout_model overrides it; give one of them`]);
    assert.deepEqual(errorsOf(edit(BASE, '  allocation:', model), ['design.dropout.before_primary=0.1']), [
      '--set:1:31 design.dropout.before_primary: has no effect: design.dropout_model overrides it; give one of them',
    ]);
    assert.deepEqual(errorsOf(edit(edit(BASE, 'kind: proderm', 'kind: proderm\n  params: {dropout_before_week16: 0.1}'), '  allocation:', model)), [
      `${F}:6:35 model.params.dropout_before_week16: has no effect: design.dropout_model overrides it; give one of them`,
    ]);
    assert.equal(load(edit(BASE, '  allocation:', model)).design?.dropout_model !== undefined, true);
  });
  it('multiplicity.alpha under procedure none (each analysis is tested at its own alpha)', () => {
    assert.deepEqual(errorsOf(`${BASE}multiplicity: {alpha: 0.025}\n`), [
      `${F}:13:23 multiplicity.alpha: has no effect: with procedure none each analysis is tested at its own alpha (analyses[].alpha); give a procedure, or set the analyses’ alpha`,
    ]);
    assert.equal(load(`${BASE}multiplicity: {procedure: holm, alpha: 0.025}\n`).multiplicity?.alpha, 0.025);
  });
  it('n_per_arm as {control, treatment} against an allocation of another ratio', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'n_per_arm: 20', 'n_per_arm: {control: 10, treatment: 20}')), [
      `${F}:7:14 design.n_per_arm: 10 control and 20 treatment patients are not in the allocation ratio 1:1; give one of them (n_per_arm as {control, treatment} sets the ratio)`,
    ]);
    assert.equal(load(edit(edit(BASE, 'n_per_arm: 20', 'n_per_arm: {control: 10, treatment: 20}\n  block_size: 6'), 'treatment: 1}', 'treatment: 2}')).design?.allocation?.treatment, 2);
  });
  it('the parametric model’s dropout after the primary week (no visit there)', () => {
    assert.deepEqual(errorsOf(`${PARAMETRIC}design:\n  dropout: {after_primary: 0.1}\n`), [
      `${F}:14:28 design.dropout.after_primary: has no effect: the parametric model has no visit after the primary week`,
    ]);
  });
});
