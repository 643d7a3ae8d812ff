import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from 'vega-lite';
import * as vega from 'vega';
import { calibrationPlotSpec } from '../../src/analysis/calibrationPlotSpec.js';
import { calibrationRow, calibrationTable, quantileSorted } from '../../src/analysis/calibrationTable.js';
import { isHeldOut, publishedTargets } from '../../src/analysis/publishedTargets.js';

describe('calibration table — unit tests with hand-computed answers', () => {
  it("quantiles follow R's type 7", () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    assert.equal(quantileSorted(x, 0), 1);
    assert.equal(quantileSorted(x, 1), 4);
    assert.ok(Math.abs(quantileSorted(x, 0.025) - 1.075) < 1e-15);
    assert.ok(Math.abs(quantileSorted(x, 0.5) - 2.5) < 1e-15);
    assert.ok(Number.isNaN(quantileSorted(new Float64Array(0), 0.5)));
  });

  it('inside / z for a printed number, skipping non-estimable trials', () => {
    const values = Float64Array.from([...Array.from({ length: 101 }, (_, i) => i), NaN, NaN]);
    const r = calibrationRow({ path: 'a', value: 97, relation: '=', heldOut: false }, values);
    assert.equal(r.trials, 101);
    assert.equal(r.notEstimable, 2);
    assert.equal(r.mean, 50);
    assert.equal(r.lower, 2.5);
    assert.equal(r.upper, 97.5);
    assert.equal(r.inside, true);
    const sd = Math.sqrt((101 * 102) / 12); // variance of 0..100 with n - 1: n(n+1)/12 for n = 101 values 0..n-1
    assert.ok(Math.abs(r.sd - sd) < 1e-12, `${r.sd} vs ${sd}`);
    assert.ok(Math.abs(r.z - 47 / sd) < 1e-12);
    assert.equal(calibrationRow({ path: 'a', value: 98, relation: '=', heldOut: false }, values).inside, false);
  });

  it('a printed inequality is inside when at least 2.5% of trials satisfy it', () => {
    const p = Float64Array.from({ length: 200 }, (_, i) => (i < 5 ? 1e-5 : 0.01)); // 2.5% below 1e-4
    const r = calibrationRow({ path: 'p', value: 0.0001, relation: '<', heldOut: false }, p);
    assert.equal(r.shareSatisfying, 0.025);
    assert.equal(r.inside, true);
    assert.ok(Number.isNaN(r.z));
    const q = Float64Array.from({ length: 200 }, (_, i) => (i < 4 ? 1e-5 : 0.01));
    assert.equal(calibrationRow({ path: 'p', value: 0.0001, relation: '<', heldOut: false }, q).inside, false);
  });

  it('a constant figure: z is 0 when it equals the published value', () => {
    const r = calibrationRow({ path: 'n', value: 95, relation: '=', heldOut: false }, Float64Array.from([95, 95, 95]));
    assert.equal(r.sd, 0);
    assert.equal(r.z, 0);
    assert.equal(r.inside, true);
  });

  it('targets not produced go to skipped with their reason', () => {
    const t = publishedTargets({
      validation_only: ['x.held'],
      x: { held: { a: 1 }, kept: 2, p: '<0.001', note: 'text' },
      baseline: { bmi: { mean: { ivig: 26.87 } } },
    });
    assert.deepEqual(
      t.targets.map((x) => [x.path, x.value, x.relation, x.heldOut]),
      [
        ['x.held.a', 1, '=', true],
        ['x.kept', 2, '=', false],
        ['x.p', 0.001, '<', false],
        ['baseline.bmi.mean.ivig', 26.87, '=', false],
      ],
    );
    const res = calibrationTable(t.targets, [{ 'x.kept': 2, 'x.p': 0.0001 }], 1);
    assert.deepEqual(res.rows.map((r) => r.path), ['x.kept', 'x.p']);
    assert.deepEqual(res.skipped.map((s) => s.path), ['x.held.a', 'baseline.bmi.mean.ivig']);
    assert.match(res.skipped[1].reason, /BMI is not modelled/);
    assert.ok(isHeldOut('a.b.c', ['a.b']) && !isHeldOut('a.bc', ['a.b']));
  });
});

describe('calibrationPlotSpec — rendered with vega-lite 5 and vega 5', () => {
  it('compiles and renders one point and one rule per figure, in two panels', async () => {
    const values = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const rows = [
      calibrationRow({ path: 'week16.cdasi_a.ancova.difference', value: 2, relation: '=', heldOut: false }, values),
      calibrationRow({ path: 'week16.cdasi_a.ancova.p', value: 0.0001, relation: '<', heldOut: false }, values),
      calibrationRow({ path: 'week40.cdasi_a.mean_score.ivig_first', value: 99, relation: '=', heldOut: true }, values),
    ];
    const spec = calibrationPlotSpec({ trials: 50, seed: 1, rows, skipped: [] });
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    for (const r of rows) assert.ok(svg.includes(r.path), `${r.path} labelled`);
    assert.ok(svg.includes('validation (held out)'));
    assert.equal((svg.match(/aria-roledescription="point"/g) ?? []).length, rows.length, 'one point per figure');
    assert.equal((svg.match(/aria-roledescription="rule mark"/g) ?? []).length, rows.length, 'one rule per figure');
    assert.equal((svg.match(/aria-roledescription="point"[^>]*fill="#c51b7d"/g) ?? []).length, rows.filter((r) => !r.inside).length, 'outside points coloured');
  });
});
