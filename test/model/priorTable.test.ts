// The ProDERM design prior's table of shifts (src/scenario/designPrior.ts
// shiftTable, read by src/model/prior.ts interpolateTable), validated:
//   against direct solving (solveStatedEffect): the shift read off the table
//     at θ between its nodes gives, exactly computed, a population difference
//     within a stated bound of θ;
//   independent second path: a replicate of a kernel with the prior, at its
//     drawn θ, gives bit for bit the record of a fixed-effect kernel whose
//     model is compiled afresh at that θ (the reused set-up is the same).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKernel } from '../../src/analysis/kernel.js';
import { modelAt, type AssuranceSpec } from '../../src/analysis/assurance.js';
import { U } from '../../src/engine/layout.js';
import { interpolateTable, fromPublishedCi, priorQuantile } from '../../src/model/prior.js';
import { resolveProdermParams } from '../../src/model/prodermParams.js';
import { modelCells, populationDifference, shiftIvig, solveStatedEffect } from '../../src/model/statedEffects.js';
import { shiftTable, PRIOR_TABLE_TAIL } from '../../src/scenario/designPrior.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { ROOT } from '../support/fixtures.js';

/** Largest |θ(table shift) − θ| allowed, CDASI-A points: far below the prior's SD (1.76) and the trial's SE (about 3). */
const TABLE_ERROR = 0.002;

describe('ProDERM prior table — against direct solving', () => {
  const r = resolveProdermParams({});
  assert.ok(r.ok);
  const p = r.params;
  const cells = modelCells(p, 'cdasi_a');
  const prior = fromPublishedCi(-8, -11.5, -4.6);
  const lo = priorQuantile(prior, PRIOR_TABLE_TAIL);
  const hi = priorQuantile(prior, 1 - PRIOR_TABLE_TAIL);
  const centre = solveStatedEffect(p, 'cdasi_a', cells, -8, 'shift');
  assert.ok(centre.ok);
  const table = shiftTable(centre.params, 'cdasi_a', cells, lo, hi);
  assert.ok(!('error' in table));

  it(`θ from the interpolated shift is within ${TABLE_ERROR} of θ, at 200 points across the table (midpoints of nodes included)`, () => {
    let worst = 0;
    for (let k = 0; k <= 200; k++) {
      const theta = lo + ((hi - lo) * k) / 200;
      const shift = interpolateTable(table, theta);
      const got = populationDifference(shiftIvig(centre.params, 'cdasi_a', shift), 'cdasi_a', cells);
      worst = Math.max(worst, Math.abs(got - theta));
      if (k % 20 !== 5) continue;
      // The shift solved directly (bisection to 1e-12) is the interpolated one within the table's slope times the bound.
      const direct = solveStatedEffect(centre.params, 'cdasi_a', cells, theta, 'shift');
      assert.ok(direct.ok && Math.abs(direct.difference - theta) < 1e-8);
      const slope = (table.value[table.value.length - 1] - table.value[0]) / (hi - lo);
      assert.ok(Math.abs(direct.value - shift) < 3 * Math.abs(slope) * TABLE_ERROR, `θ ${theta}: shift ${shift} vs solved ${direct.value}`);
    }
    assert.ok(worst < TABLE_ERROR, `worst ${worst}`);
    // The nodes are exact: the table's θ are the differences its shifts give.
    assert.ok(Math.abs(populationDifference(shiftIvig(centre.params, 'cdasi_a', table.value[10]), 'cdasi_a', cells) - table.theta[10]) < 1e-12);
  });

  it('the table is monotone (θ rises with the shift) and spans the prior to its 1e-5 tails', () => {
    for (let j = 1; j < table.theta.length; j++) assert.ok(table.theta[j] > table.theta[j - 1] && table.value[j] > table.value[j - 1]);
    assert.ok(Math.abs(table.theta[0] - lo) < 1e-8 && Math.abs(table.theta[table.theta.length - 1] - hi) < 1e-8);
  });
});

describe('ProDERM prior kernel — a replicate at its θ equals a fixed-effect trial there (second implementation)', () => {
  it('scenarios/assurance.yaml, first point: 3 replicates bit for bit', () => {
    const file = join(ROOT, 'scenarios/assurance.yaml');
    // The first size alone (the sweep removed): the test needs one design point.
    const text = readFileSync(file, 'utf8').replace(/\nsweep:\n.*\n?$/s, '\n');
    const loaded = loadScenario(text, file);
    assert.ok(loaded.ok);
    const [point] = expandDesigns(loaded.scenario);
    const spec = point.spec as { model: Parameters<typeof modelAt>[0]; assurance: AssuranceSpec };
    assert.ok(spec.assurance.prior !== null);
    const withPrior = createKernel(spec);
    const block = withPrior.layout.assurance!;
    for (const index of [0, 1, 2]) {
      const out = new Float64Array(withPrior.layout.width).fill(NaN);
      withPrior.run(20261202, index, out);
      const theta = out[block.offset + U.theta];
      assert.ok(Number.isFinite(theta));
      const { assurance: _, ...rest } = spec;
      const fixed = createKernel({ ...rest, model: modelAt(spec.model, spec.assurance.prior, theta) });
      const ref = new Float64Array(fixed.layout.width).fill(NaN);
      fixed.run(20261202, index, ref);
      assert.equal(fixed.layout.width, block.offset);
      assert.deepEqual(Array.from(out.subarray(0, block.offset)), Array.from(ref), `replicate ${index}`);
    }
  });
});
