// Sweep expansion and --set overrides (unit tests of expandDesigns and
// loadScenario on small inline scenarios).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { BASE, edit, errorsOf, load } from './helpers.js';

const GRID = `${BASE}sweep:
  model.params.effect_scale: [0, 0.5, 1]
  design.n_per_arm: [20, 40]
`;

describe('sweeps — expansion counts and order (unit)', () => {
  it('a scenario without a sweep is one design point named after the scenario', () => {
    const points = expandDesigns(load(BASE));
    assert.equal(points.length, 1);
    assert.equal(points[0]!.id, 't');
    assert.deepEqual(points[0]!.values, []);
    assert.equal(points[0]!.spec.design.sampleSize, 40);
  });

  it('a 3 × 2 grid is 6 points, the first key varying slowest', () => {
    const points = expandDesigns(load(GRID));
    assert.equal(points.length, 6);
    assert.deepEqual(
      points.map((p) => p.values.map((v) => v.value)),
      [
        [0, 20],
        [0, 40],
        [0.5, 20],
        [0.5, 40],
        [1, 20],
        [1, 40],
      ],
    );
    assert.deepEqual(
      points.map((p) => p.index),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(points[3]!.id, 'model.params.effect_scale=0.5, design.n_per_arm=40');
    assert.equal(new Set(points.map((p) => p.id)).size, 6);
  });

  it('each point’s kernel spec carries its values, and its own scenario has no sweep', () => {
    for (const p of expandDesigns(load(GRID))) {
      const [scale, n] = p.values.map((v) => v.value);
      assert.equal(p.spec.model.kind, 'proderm');
      assert.equal(p.spec.model.params.effectScale, scale);
      assert.equal(p.spec.design.sampleSize, 2 * Number(n));
      assert.equal(p.scenario.sweep, undefined);
      assert.equal(p.scenario.design?.n_per_arm, n);
    }
  });

  it('the null spec is the same design with effect scale 0; run_null: false gives none', () => {
    const [p] = expandDesigns(load(edit(BASE, 'kind: proderm', 'kind: proderm\n  params: {effect_scale: 0.7}')));
    assert.equal(p!.spec.model.params.effectScale, 0.7);
    assert.notEqual(p!.nullSpec, null);
    assert.equal(p!.nullSpec!.model.params.effectScale, 0);
    assert.deepEqual({ ...p!.nullSpec!.model.params, effectScale: 0.7 }, p!.spec.model.params);
    assert.deepEqual(p!.nullSpec!.design, p!.spec.design);
    assert.deepEqual(p!.nullSpec!.analyses, p!.spec.analyses);
    const [q] = expandDesigns(load(edit(BASE, 'seed: 1', 'seed: 1\nrun_null: false')));
    assert.equal(q!.nullSpec, null);
  });

  it('a method sweep addresses the analysis by id', () => {
    const points = expandDesigns(load(`${BASE}sweep:\n  analyses.cdasi_a.method: [ancova, welch]\n`.replace('    method: ancova\n', '')));
    assert.deepEqual(
      points.map((p) => p.spec.analyses[0]!.method),
      ['ancova', 'welch'],
    );
    assert.deepEqual(
      points.map((p) => p.spec.analyses[0]!.covariates),
      [['baseline'], []],
    );
  });

  it('sweeping a whole mapping fills the defaults of each value', () => {
    const points = expandDesigns(load(`${BASE}sweep:\n  design.eligibility: [[], [{measure: cdasi_a, min: 14}]]\n`));
    assert.deepEqual(points[0]!.spec.design.eligibility, []);
    assert.deepEqual(points[1]!.spec.design.eligibility, [{ measure: 'cdasi_a', min: 14, minInclusive: true, max: null, maxInclusive: true }]);
  });

  it('sweeping n_per_arm on a file that gives sample_size replaces it', () => {
    const text = `${edit(BASE, 'n_per_arm: 20', 'sample_size: 95')}sweep:\n  design.n_per_arm: [10, 30]\n`;
    assert.deepEqual(
      expandDesigns(load(text)).map((p) => p.spec.design.sampleSize),
      [20, 60],
    );
  });
});

describe('--set — overrides (unit)', () => {
  it('sets a value, read as YAML, checked like the file', () => {
    const [p] = expandDesigns(load(BASE, ['design.n_per_arm=35', 'analyses.cdasi_a.alpha=0.025', 'design.block_size=null']));
    assert.equal(p!.spec.design.sampleSize, 70);
    assert.equal(p!.spec.analyses[0]!.alpha, 0.025);
    assert.equal(p!.spec.design.blockSize, null);
  });

  it('sets a whole mapping, a key the file leaves out, and a list item by index', () => {
    const s = load(BASE, ['design.allocation={control: 1, treatment: 2}', 'design.n_per_arm={control: 10, treatment: 20}', 'design.block_size=6', 'analyses.0.sidedness=less']);
    const [p] = expandDesigns(s);
    assert.deepEqual(p!.spec.design.allocationRatio, [1, 2]);
    assert.equal(p!.spec.design.sampleSize, 30);
    assert.equal(p!.spec.analyses[0]!.sidedness, 'less');
  });

  it('later --sets of the same key win', () => {
    assert.equal(load(BASE, ['replicates=5', 'replicates=7']).replicates, 7);
  });

  it('n_per_arm on a file with sample_size replaces it (two ways to say one thing)', () => {
    const s = load(edit(BASE, 'n_per_arm: 20', 'sample_size: 95'), ['design.n_per_arm=40']);
    assert.equal(s.design?.sample_size, undefined);
    assert.equal(expandDesigns(s)[0]!.spec.design.sampleSize, 80);
  });

  it('setting a swept key fixes it: the axis is dropped', () => {
    const s = load(GRID, ['model.params.effect_scale=0.25']);
    const points = expandDesigns(s);
    assert.equal(points.length, 2);
    assert.deepEqual(
      points.map((p) => [p.spec.model.params.effectScale, p.spec.design.sampleSize]),
      [
        [0.25, 40],
        [0.25, 80],
      ],
    );
  });

  it('a --set into the sweep block adds or replaces an axis', () => {
    assert.equal(expandDesigns(load(BASE, ['sweep.design.n_per_arm=[10, 20, 30]'])).length, 3);
    assert.deepEqual(
      expandDesigns(load(GRID, ['sweep.design.n_per_arm=[5]'])).map((p) => p.spec.design.sampleSize),
      [10, 10, 10],
    );
  });

  it('a bad --set value in a sweep is reported against --set', () => {
    assert.deepEqual(errorsOf(BASE, ['sweep.design.n_per_arm=[10, 0]']), ['--set:1:29 design.n_per_arm: must be at least 1 (got 0)']);
  });
});

describe('sweeps — the week of an analysis defaults to the model’s primary week (unit)', () => {
  it('a parametric model with primary_week 12 analyses week 12 unless told', () => {
    // (ttest: without a baseline the default ancova could never be estimable, and is refused)
    const text = 'name: p\nseed: 1\nreplicates: 10\nmodel:\n  kind: parametric\n  params:\n    primary_week: 12\n    endpoints:\n      - {id: y, type: normal, mean: 0, sd: 1}\nanalyses:\n  - id: y\n    endpoint: {measure: y}\n    method: ttest\n';
    const [p] = expandDesigns(load(text));
    assert.equal(p!.spec.analyses[0]!.endpoint.week, 12);
    assert.equal(expandDesigns(load(BASE.replace('measure: cdasi_a, week: 16', 'measure: cdasi_a')))[0]!.spec.analyses[0]!.endpoint.week, 16);
  });
  it('a sweep list may not repeat a value (each point’s id must be unique)', () => {
    assert.deepEqual(errorsOf(`${BASE}sweep:\n  design.n_per_arm: [10, 20, 10]\n`), [
      'scenarios/x.yaml:14:21 sweep.design.n_per_arm: must not repeat a value (items 0 and 2 are the same)',
    ]);
  });
});
