// Every kind of problem a scenario can have, with the exact message a user
// sees and the line:col it points at (unit tests of loadScenario; positions
// counted by hand from the YAML in helpers.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, edit, errorsOf } from './helpers.js';

const F = 'scenarios/x.yaml';

describe('scenario errors — the base scenario is valid (unit)', () => {
  it('BASE loads without errors', () => {
    assert.deepEqual(errorsOf(BASE), []);
  });
});

describe('scenario errors — unknown keys, with did-you-mean (unit)', () => {
  it('a misspelt top-level key points at the key and suggests the right one (and the real key is then missing)', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'replicates: 10', 'replicate: 10')), [
      `${F}:1:1 missing required key "replicates"`,
      `${F}:3:1 replicate: unknown key "replicate"; did you mean "replicates"?`,
    ]);
  });
  it('a misspelt nested key names its full path', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  allocation:', '  alocation:')), [
      `${F}:8:3 design.alocation: unknown key "alocation"; did you mean "allocation"?`,
    ]);
  });
  it('a key with no near miss lists the keys allowed there', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  n_per_arm: 20', '  n_per_arm: 20\n  colour: red')), [
      `${F}:8:3 design.colour: unknown key "colour"; allowed here: sample_size, n_per_arm, allocation, block_size, stratification, eligibility, dropout, crossover, horizon_week, screening_limit, dropout_model, discontinuation, accrual, interim`,
    ]);
  });
  it('a misspelt model parameter, beside an out-of-range one', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  kind: proderm', '  kind: proderm\n  params: {effect_scale: 9, efect_scale: 1}')), [
      `${F}:6:26 model.params.effect_scale: must be at most 5 (got 9)`,
      `${F}:6:29 model.params.efect_scale: unknown key "efect_scale"; did you mean "effect_scale"?`,
    ]);
  });
});

describe('scenario errors — types (unit)', () => {
  it('a string where a whole number belongs', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'replicates: 10', 'replicates: ten')), [`${F}:3:13 replicates: must be a whole number (got "ten")`]);
  });
  it('a fraction where a whole number belongs', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'replicates: 10', 'replicates: 10.5')), [`${F}:3:13 replicates: must be a whole number (got 10.5)`]);
  });
  it('a union (number or {control, treatment}) reports the types it takes', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'n_per_arm: 20', 'n_per_arm: [20, 21]')), [
      `${F}:7:14 design.n_per_arm: must be a whole number or a mapping (got a list)`,
    ]);
  });
  it('a union reports the problem inside the branch the value belongs to', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'n_per_arm: 20', 'n_per_arm: {control: 20, treatment: 0}')), [
      `${F}:7:39 design.n_per_arm.treatment: must be at least 1 (got 0)`,
    ]);
  });
  it('a list at the top of the file', () => {
    assert.deepEqual(errorsOf('- 1\n- 2\n'), [`${F}:1:1 must be a mapping (got a list)`]);
  });
  it('a missing required key is reported at the mapping that lacks it', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'seed: 1\n', '')), [`${F}:1:1 missing required key "seed"`]);
    assert.deepEqual(errorsOf(edit(BASE, '  kind: proderm', '  params: {}')), [
      `${F}:4:1 model: missing required key "kind" (one of: proderm, parametric)`,
    ]);
  });
});

describe('scenario errors — ranges (unit)', () => {
  it('below a minimum', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'control: 1,', 'control: -1,')), [`${F}:8:25 design.allocation.control: must be at least 1 (got -1)`]);
  });
  it('zero where only a positive number makes sense', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'seed: 1', 'seed: 1\ntarget_mcse: 0')), [`${F}:3:14 target_mcse: must be positive (got 0)`]);
  });
  it('a level of 1.5', () => {
    assert.deepEqual(errorsOf(edit(BASE, '    method: ancova', '    method: ancova\n    alpha: 1.5')), [
      `${F}:13:12 analyses.cdasi_a.alpha: must be less than 1 (got 1.5)`,
    ]);
  });
  it('.inf where a bounded number belongs', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'replicates: 10', 'replicates: .inf')), [`${F}:3:13 replicates: must be at most 10000000 (got .inf)`]);
    assert.deepEqual(errorsOf(edit(BASE, 'week: 16', 'week: .inf')), [`${F}:11:40 analyses.cdasi_a.endpoint.week: must be at most 1000 (got .inf)`]);
  });
});

describe('scenario errors — enumerations (unit)', () => {
  const ALL = 'ancova, ttest, welch, wilcoxon, responder_chisq, responder_chisq_yates, responder_fisher, responder_cmh, responder_wald, responder_newcombe, mmrm';
  it('a near miss lists the allowed values and suggests one', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'method: ancova', 'method: ancoav')), [
      `${F}:12:13 analyses.cdasi_a.method: must be one of: ${ALL} (got "ancoav"; did you mean "ancova"?)`,
    ]);
  });
  it('a value far from any lists them without a guess', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'method: ancova', 'method: bayes')), [`${F}:12:13 analyses.cdasi_a.method: must be one of: ${ALL} (got "bayes")`]);
  });
  it('an unknown model kind', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'kind: proderm', 'kind: prodrm')), [
      `${F}:5:9 model.kind: must be one of: proderm, parametric (got "prodrm"; did you mean "proderm"?)`,
    ]);
  });
});

describe('scenario errors — malformed YAML, with its position (unit)', () => {
  it('an unclosed flow mapping', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'allocation: {control: 1, treatment: 1}', 'allocation: {control: 1, treatment: 1')), [
      `${F}:9:1 malformed YAML: Flow map in block collection must be sufficiently indented and end with a }`,
    ]);
  });
  it('a duplicate key', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'seed: 1', 'seed: 1\nseed: 2')), [`${F}:3:1 malformed YAML: Map keys must be unique`]);
  });
  it('an empty file', () => {
    assert.deepEqual(errorsOf(''), [
      `${F}:1:1 the file is empty: a scenario is a mapping with at least name, seed, replicates, model, design and analyses`,
    ]);
  });
  it('an alias without its anchor', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'seed: 1', 'seed: *s')), [`${F}:2:7 malformed YAML: alias *s has no anchor &s before it`]);
  });
});

describe('scenario errors — cross-field rules (unit)', () => {
  it('a block size that cannot hold the ratio', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  n_per_arm: 20', '  n_per_arm: 20\n  block_size: 3')), [
      `${F}:8:15 design.block_size: a block of 3 cannot hold the ratio 1:1: use a multiple of 2, or null for simple randomization`,
    ]);
  });
  it('a measure the model does not have', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'measure: cdasi_a', 'measure: cdasia')), [
      `${F}:11:25 analyses.cdasi_a.endpoint.measure: the model has no measure "cdasia"; did you mean "cdasi_a"?`,
    ]);
  });
  it('both sample_size and n_per_arm', () => {
    assert.deepEqual(errorsOf(edit(BASE, '  n_per_arm: 20', '  n_per_arm: 20\n  sample_size: 40')), [
      `${F}:7:14 design.n_per_arm: give sample_size or n_per_arm, not both`,
    ]);
  });
  it('two analyses with one id', () => {
    assert.deepEqual(errorsOf(edit(BASE, '    method: ancova\n', '    method: ancova\n  - id: cdasi_a\n    endpoint: {measure: cdasi_d}\n')), [
      `${F}:13:9 analyses.1.id: analysis id "cdasi_a" is already used by analysis 1`,
    ]);
  });
  it('a week that is not a visit (the analysis layer’s rule, at the scenario’s key)', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'week: 16', 'week: 15')), [
      `${F}:11:40 analyses.cdasi_a.endpoint.week: must be one of the visits 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40 (got 15)`,
    ]);
  });
  it('a method that does not fit the endpoint', () => {
    assert.deepEqual(errorsOf(edit(BASE, 'method: ancova', 'method: responder_fisher')), [
      `${F}:12:13 analyses.cdasi_a.method: responder_fisher does not fit a change endpoint`,
    ]);
  });
  it('a multiplicity family naming an unknown analysis', () => {
    assert.deepEqual(errorsOf(`${BASE}multiplicity:\n  procedure: holm\n  family: [cdasi_b]\n`), [
      `${F}:15:12 multiplicity.family.0: unknown analysis id 'cdasi_b'; expected one of cdasi_a`,
    ]);
  });
  it('an effect override the model cannot reach (the model’s rule)', () => {
    // The placebo mean in the message is the calibrated model's (it moves when the model is retuned).
    const errors = errorsOf(edit(BASE, '  kind: proderm', '  kind: proderm\n  params: {effect_cdasi_a: -90}'));
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^scenarios\/x\.yaml:6:28 model\.params\.effect_cdasi_a: -90 would need a negative mean IVIg score at week 16 \(placebo mean is \d+\.\d{3}\)$/);
  });
  it('crossover under the parametric model (the trial’s rule)', () => {
    const text = 'name: p\nseed: 1\nreplicates: 10\nmodel:\n  kind: parametric\n  params:\n    endpoints:\n      - {id: y, type: normal, mean: 0, sd: 1}\ndesign:\n  crossover: true\nanalyses:\n  - id: y\n    endpoint: {measure: y}\n';
    assert.deepEqual(errorsOf(text), [`${F}:10:14 design.crossover: the parametric model has no deterioration rule; set crossover: false`]);
  });
});

describe('scenario errors — --set (unit)', () => {
  it('a misspelt path names --set, the argument and the column of the bad part', () => {
    assert.deepEqual(errorsOf(BASE, ['design.alocation.control=2']), [`--set:1:8 design.alocation: no key "alocation" here; did you mean "allocation"?`]);
  });
  it('an analysis id that does not exist', () => {
    assert.deepEqual(errorsOf(BASE, ['replicates=20', 'analyses.cdasi_x.alpha=0.1']), [
      `--set:2:10 analyses.cdasi_x: no analysis with id "cdasi_x"; did you mean "cdasi_a"?`,
    ]);
  });
  it('an index past the end of a list', () => {
    assert.deepEqual(errorsOf(BASE, ['analyses.3.alpha=0.1']), [`--set:1:10 analyses.3: no item "3": use an index 0 to 0 or an analysis id`]);
  });
  it('a value out of range is checked like the file and reported at the value', () => {
    assert.deepEqual(errorsOf(BASE, ['design.n_per_arm=0']), [`--set:1:18 design.n_per_arm: must be at least 1 (got 0)`]);
  });
  it('a value that is not YAML', () => {
    assert.deepEqual(errorsOf(BASE, ['design.n_per_arm=[1']), [`--set:1:20 design.n_per_arm: the value is not valid YAML: Flow sequence must end with a ]`]);
  });
  it('an argument without "="', () => {
    assert.deepEqual(errorsOf(BASE, ['design.n_per_arm']), [`--set:1:1 --set takes key.path=value, e.g. --set design.n_per_arm=40 (got "design.n_per_arm")`]);
  });
  it('a path with an empty part', () => {
    assert.deepEqual(errorsOf(BASE, ['design..n_per_arm=3']), [
      `--set:1:1 design..n_per_arm: the key path has an empty part (two dots in a row, or a dot at an end)`,
    ]);
  });
});

describe('scenario errors — sweeps (unit)', () => {
  it('a misspelt sweep key points at the bad part of the key', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.n_per_am: [10, 20]\n`), [
      `${F}:14:10 sweep.design.n_per_am: no key "n_per_am" here; did you mean "n_per_arm"?`,
    ]);
  });
  it('a bad value in a sweep list is reported at that value', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.n_per_arm: [10, -5, 20]\n`), [`${F}:14:26 design.n_per_arm: must be at least 1 (got -5)`]);
  });
  it('sweep values that are not a list', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.n_per_arm: 10\n`), [`${F}:14:21 sweep.design.n_per_arm: must be a list (got 10)`]);
  });
  it('a run setting cannot be swept', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  seed: [1, 2]\n`), [
      `${F}:14:3 sweep.seed: "seed" is a setting of the whole run and cannot be swept; sweep keys under model, design, analyses, multiplicity`,
    ]);
  });
  it('overlapping sweep keys', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.allocation: [{control: 1, treatment: 1}]\n  design.allocation.treatment: [1, 2]\n`), [
      `${F}:15:3 sweep.design.allocation.treatment: overlaps the swept key "design.allocation": sweep one or the other`,
    ]);
  });
  it('a grid over the limit', () => {
    const n = Array.from({ length: 101 }, (_, i) => i + 2).join(', ');
    const a = Array.from({ length: 100 }, (_, i) => (i + 1) / 1000).join(', ');
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.n_per_arm: [${n}]\n  analyses.cdasi_a.alpha: [${a}]\n`), [
      `${F}:13:1 sweep: the grid has 10100 design points; at most 10000 are allowed`,
    ]);
  });
  it('a problem only a combination of values causes names the design point', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.block_size: [2, 3]\n  design.allocation.treatment: [1, 2]\n`), [
      `${F}:7:14 design.n_per_arm: one number means equal arms, but the allocation is unequal: give n_per_arm as {control, treatment}, or sample_size (at design point design.block_size=2, design.allocation.treatment=2)`,
      `${F}:14:23 design.block_size: a block of 2 cannot hold the ratio 1:2: use a multiple of 3, or null for simple randomization (at design point design.block_size=2, design.allocation.treatment=2)`,
      `${F}:14:26 design.block_size: a block of 3 cannot hold the ratio 1:1: use a multiple of 2, or null for simple randomization (at design point design.block_size=3, design.allocation.treatment=1)`,
    ]);
  });
});

describe('scenario errors — every problem at once, in file order (unit)', () => {
  it('reports all schema problems of a file, sorted by line', () => {
    const text = edit(edit(edit(BASE, 'replicates: 10', 'replicates: 0'), 'method: ancova', 'method: anova'), '  allocation:', '  alocation:');
    const errs = errorsOf(text);
    assert.equal(errs.length, 3);
    assert.deepEqual(
      errs.map((e) => e.split(' ')[0]),
      [`${F}:3:13`, `${F}:8:3`, `${F}:12:13`],
    );
  });
});
