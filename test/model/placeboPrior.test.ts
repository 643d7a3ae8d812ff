// A design prior on the placebo (control) response, beside the effect's
// (model.prior.<measure>.placebo; src/scenario/designPrior.ts placeboTables,
// src/analysis/assurance.ts modelAt / drawEffects), validated:
//   ProDERM tables against direct solving (bisection to 1e-12 on each arm's
//     exact population mean change): the response read back from the
//     interpolated shift is within a stated bound of the target, for placebo
//     and for IVIg (= placebo + θ), and the pair gives the difference θ;
//   recovery on a large simulated population (200,000 patients per arm, no
//     dropout, no switch) at a drawn (placebo, θ): placebo's mean change and
//     the difference within 4 SE of the drawn values;
//   a replicate with the placebo prior equals bit for bit a fixed-effect
//     trial compiled at its drawn (placebo, θ) (second path), and its θ is
//     the one drawn without the placebo prior (streams of their own);
//   parametric model: the draws of the control mean match the prior's mean
//     and SD within 4 MCSE, and the assurance of the t test and of the
//     ANCOVA is unchanged by the placebo prior (within 4 MCSE; the
//     difference's power does not depend on the control mean);
//   located errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src/index.js';
import { createKernel, createKernels } from '../../src/analysis/kernel.js';
import { drawEffects, modelAt, newPriorStreams, type AssuranceSpec, type PriorSpec } from '../../src/analysis/assurance.js';
import { gatherTruthParts, truthChunks } from '../../src/analysis/truth.js';
import { U } from '../../src/engine/layout.js';
import { interpolateTable, priorQuantile, sumQuantile, type PriorDistribution } from '../../src/model/prior.js';
import { PRODERM_DEFAULTS, type ProdermParams } from '../../src/model/prodermParams.js';
import { modelCells, populationChange, populationDifference, shiftIvig, shiftPlacebo, type Cells } from '../../src/model/statedEffects.js';
import { placeboTables, PRIOR_TABLE_TAIL } from '../../src/scenario/designPrior.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { buildSummary } from '../../src/report/summary.js';
import { designSection } from '../../src/report/designSection.js';

/** Largest |response(table shift) − target| allowed, CDASI-A points (the effect's table is held to 0.002 too: test/model/priorTable.test.ts). */
const TABLE_ERROR = 0.002;

const P = PRODERM_DEFAULTS;
const CELLS = modelCells(P, 'cdasi_a');
/** Placebo's mean change of CDASI-A in everyone screened, as calibrated. */
const PLACEBO_CHANGE = populationChange(P, 'cdasi_a', CELLS, 'placebo');

/** The shift of one arm's means giving `target` as its mean change, by bisection to 1e-12 (an independent solve: no table). */
function solveShift(p: ProdermParams, cells: Cells, arm: 'placebo' | 'ivig', target: number): number {
  const at = (d: number): number => populationChange(arm === 'placebo' ? shiftPlacebo(p, 'cdasi_a', d) : shiftIvig(p, 'cdasi_a', d), 'cdasi_a', cells, arm);
  let lo = -10;
  let hi = 10;
  assert.ok(at(lo) < target && at(hi) > target, `${arm} ${target} bracketed`);
  while (hi - lo > 1e-12) {
    const mid = 0.5 * (lo + hi);
    if (at(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function prodermScenario(extra = ''): string {
  return `name: placebo_prior
seed: 11
replicates: 10
run_null: false
model:
  kind: proderm
  prior:
    cdasi_a:
      normal: {mean: -8, sd: 1.76}
      population: unrestricted
${extra}design:
  n_per_arm: 20
  block_size: 4
  stratification: null
  crossover: false
  dropout: {before_primary: 0}
analyses:
  - id: a
    endpoint: {measure: cdasi_a, week: 16, type: change}
    method: ttest
success: {analysis: a}
`;
}

const PLACEBO_MEAN = Number((PLACEBO_CHANGE + 1).toFixed(3));
const PLACEBO_PRIOR = `      placebo: {normal: {mean: ${PLACEBO_MEAN}, sd: 1}}\n`;

function point(text: string) {
  const r = loadScenario(text, 'placebo_prior.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return expandDesigns(r.scenario)[0];
}

describe('placebo prior, ProDERM — tables against direct solving', () => {
  const placebo: PriorDistribution = { kind: 'normal', mean: PLACEBO_MEAN, sd: 1 };
  const effect: PriorDistribution = { kind: 'normal', mean: -8, sd: 1.76 };
  const q = (d: PriorDistribution, u: number): number => priorQuantile(d, u);
  const pRange = [q(placebo, PRIOR_TABLE_TAIL), q(placebo, 1 - PRIOR_TABLE_TAIL)] as const;
  const iRange = [sumQuantile(placebo, effect, PRIOR_TABLE_TAIL), sumQuantile(placebo, effect, 1 - PRIOR_TABLE_TAIL)] as const;
  const tables = placeboTables(P, 'cdasi_a', CELLS, pRange, iRange);
  assert.ok(!('error' in tables), JSON.stringify(tables));

  it(`each arm's mean change from its interpolated shift is within ${TABLE_ERROR} of the target across its table; shifts agree with bisection`, () => {
    for (const [arm, table, [lo, hi]] of [
      ['placebo', tables.placebo, pRange],
      ['ivig', tables.ivig, iRange],
    ] as const) {
      let worst = 0;
      for (let k = 0; k <= 200; k++) {
        const target = lo + ((hi - lo) * k) / 200;
        const shift = interpolateTable(table, target);
        const got = populationChange(arm === 'placebo' ? shiftPlacebo(P, 'cdasi_a', shift) : shiftIvig(P, 'cdasi_a', shift), 'cdasi_a', CELLS, arm);
        worst = Math.max(worst, Math.abs(got - target));
        if (k % 40 !== 7) continue;
        const direct = solveShift(P, CELLS, arm, target);
        const slope = (table.value[table.value.length - 1] - table.value[0]) / (hi - lo);
        assert.ok(Math.abs(direct - shift) < 3 * Math.abs(slope) * TABLE_ERROR, `${arm} ${target}: shift ${shift} vs solved ${direct}`);
      }
      assert.ok(worst < TABLE_ERROR, `${arm}: worst ${worst}`);
      for (let j = 1; j < table.theta.length; j++) assert.ok(table.theta[j] > table.theta[j - 1]);
      assert.ok(Math.abs(table.theta[0] - lo) < 1e-8 && Math.abs(table.theta[table.theta.length - 1] - hi) < 1e-8, `${arm} spans its range`);
    }
  });

  it('the model at a (placebo, θ) pair through modelAt gives placebo’s mean change and the difference θ (within 2 table errors)', () => {
    const spec = point(prodermScenario(PLACEBO_PRIOR)).spec as { model: Parameters<typeof modelAt>[0]; assurance: AssuranceSpec };
    const prior = spec.assurance.prior as PriorSpec;
    assert.ok(prior.placebo != null);
    for (const [pl, theta] of [
      [PLACEBO_MEAN, -8],
      [PLACEBO_MEAN + 2, -3],
      [PLACEBO_MEAN - 2.5, -12.5],
    ]) {
      const at = modelAt(spec.model, prior, theta, pl);
      assert.equal(at.kind, 'proderm');
      if (at.kind !== 'proderm') return;
      assert.ok(Math.abs(populationChange(at.params, 'cdasi_a', CELLS, 'placebo') - pl) < TABLE_ERROR, `placebo at ${pl}`);
      assert.ok(Math.abs(populationDifference(at.params, 'cdasi_a', CELLS) - theta) < 2 * TABLE_ERROR, `θ at ${theta}`);
    }
    // The spec's own model is at the priors' means.
    if (spec.model.kind === 'proderm') {
      assert.ok(Math.abs(populationChange(spec.model.params, 'cdasi_a', CELLS, 'placebo') - PLACEBO_MEAN) < TABLE_ERROR);
      assert.ok(Math.abs(populationDifference(spec.model.params, 'cdasi_a', CELLS) + 8) < 2 * TABLE_ERROR);
    }
  });
});

describe('placebo prior, ProDERM — kernel and population', () => {
  const spec = point(prodermScenario(PLACEBO_PRIOR)).spec as { model: Parameters<typeof modelAt>[0]; assurance: AssuranceSpec };
  const prior = spec.assurance.prior as PriorSpec;

  it('a replicate equals bit for bit a fixed-effect trial at its drawn (placebo, θ); θ is the one drawn without the placebo prior', () => {
    const without = point(prodermScenario()).spec as { assurance: AssuranceSpec };
    const withPrior = createKernel(spec);
    const plain = createKernel(without);
    const block = withPrior.layout.assurance!;
    // Out of order and repeated: the kernel's response slot moves with every replicate.
    for (const index of [0, 1, 2, 0, 7]) {
      const out = new Float64Array(withPrior.layout.width).fill(NaN);
      withPrior.run(11, index, out);
      const drawn = drawEffects(prior, 11, index, newPriorStreams());
      assert.equal(out[block.offset + U.theta], drawn.theta);
      assert.ok(Number.isFinite(drawn.placebo));
      const ref0 = new Float64Array(plain.layout.width).fill(NaN);
      plain.run(11, index, ref0);
      assert.equal(ref0[plain.layout.assurance!.offset + U.theta], drawn.theta, 'the effect’s draw does not move with a placebo prior');
      const { assurance: _, ...rest } = spec;
      const fixed = createKernel({ ...rest, model: modelAt(spec.model, prior, drawn.theta, drawn.placebo) });
      const ref = new Float64Array(fixed.layout.width).fill(NaN);
      fixed.run(11, index, ref);
      assert.deepEqual(Array.from(out.subarray(0, block.offset)), Array.from(ref), `replicate ${index}`);
    }
  });

  it('run with its null run (createKernels, records shared where they can be), each record is the one its kernel gives alone', () => {
    const pt = point(prodermScenario(PLACEBO_PRIOR).replace('run_null: false', 'run_null: true'));
    assert.ok(pt.nullSpec !== null && pt.nullSpec !== undefined);
    const [k, nk] = createKernels([pt.spec, pt.nullSpec]);
    const [alone] = createKernels([pt.spec]);
    const [nullAlone] = createKernels([pt.nullSpec]);
    for (const index of [0, 1, 2, 3]) {
      const run = (kernel: typeof k): number[] => {
        const out = new Float64Array(kernel.layout.width).fill(NaN);
        kernel.run(11, index, out);
        return Array.from(out);
      };
      // Design first, then its null (as the engine runs them), and the other way round.
      let d: number[];
      let n: number[];
      if (index % 2 === 0) {
        d = run(k);
        n = run(nk);
      } else {
        n = run(nk);
        d = run(k);
      }
      assert.deepEqual(d, run(alone), `design, replicate ${index}`);
      assert.deepEqual(n, run(nullAlone), `null, replicate ${index}`);
    }
  });

  it('on 200,000 patients per arm at replicate 3’s draw: placebo’s mean change and the difference within 4 SE', () => {
    const drawn = drawEffects(prior, 11, 3, newPriorStreams());
    const { assurance: _, ...rest } = spec;
    const fixed = { ...rest, model: modelAt(spec.model, prior, drawn.theta, drawn.placebo) };
    const options = { patientsPerArm: 200_000 };
    const [part] = gatherTruthParts([fixed], options, 0, truthChunks(options));
    const moments = [0, 1].map((arm) => {
      let n = 0;
      let s = 0;
      let ss = 0;
      for (let i = 0; i < part.n; i++) {
        if (part.arm[i] !== arm) continue;
        const y = part.ys[0][i];
        n++;
        s += y;
        ss += y * y;
      }
      const mean = s / n;
      return { n, mean, se: Math.sqrt((ss / n - mean * mean) / n) };
    });
    const [pl, iv] = moments;
    assert.ok(pl.n > 150_000 && iv.n > 150_000);
    assert.ok(Math.abs(pl.mean - drawn.placebo) < 4 * pl.se + TABLE_ERROR, `placebo change ${pl.mean} ± ${pl.se} vs drawn ${drawn.placebo}`);
    const d = iv.mean - pl.mean;
    const dse = Math.hypot(pl.se, iv.se);
    assert.ok(Math.abs(d - drawn.theta) < 4 * dse + 2 * TABLE_ERROR, `difference ${d} ± ${dse} vs drawn θ ${drawn.theta}`);
  });
});

function parametricScenario(method: 'ttest' | 'ancova', placebo: string): string {
  return `name: placebo_prior_parametric
seed: 20261202
replicates: 4000
run_null: false
model:
  kind: parametric
  params:
    endpoints:
      - id: score
        type: normal
        scale: value
        mean: {control: 0, treatment: -5}
        sd: 10
        baseline: {mean: 20, sd: 10, correlation: 0.5}
  prior:
    score:
      normal: {mean: -5, sd: 3}
${placebo}design:
  n_per_arm: 50
analyses:
  - id: a
    endpoint: {measure: score, week: 16, type: ${method === 'ancova' ? 'value' : 'change'}}
    method: ${method}
success: {analysis: a, bins: 5}
`;
}

describe('placebo prior, parametric — the control mean drawn, the difference’s power unchanged', () => {
  const PLACEBO = '      placebo: {normal: {mean: 10, sd: 5}}\n';

  it('20,000 draws of the control mean: mean and SD of N(10, 5²) within 4 MCSE; θ as drawn without it', () => {
    const spec = point(parametricScenario('ttest', PLACEBO)).spec as { assurance: AssuranceSpec };
    const plain = point(parametricScenario('ttest', '')).spec as { assurance: AssuranceSpec };
    const prior = spec.assurance.prior as PriorSpec;
    assert.equal(prior.placebo?.distribution.kind, 'normal');
    const streams = newPriorStreams();
    const n = 20_000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = drawEffects(prior, 5, i, streams);
      if (i < 50) assert.equal(d.theta, drawEffects(plain.assurance.prior as PriorSpec, 5, i, newPriorStreams()).theta);
      s += d.placebo;
      ss += d.placebo * d.placebo;
    }
    const mean = s / n;
    const sd = Math.sqrt((ss - n * mean * mean) / (n - 1));
    assert.ok(Math.abs(mean - 10) < (4 * 5) / Math.sqrt(n), `mean ${mean}`);
    assert.ok(Math.abs(sd - 5) < (4 * 5) / Math.sqrt(2 * n), `SD ${sd}`);
  });

  it('the model at (placebo, θ) has control mean = placebo, treatment = placebo + θ; the spec’s own at the priors’ means (10, 10 − 5), on 200,000 per arm within 4 SE', () => {
    const spec = point(parametricScenario('ttest', PLACEBO)).spec as { model: Parameters<typeof modelAt>[0]; assurance: AssuranceSpec };
    const prior = spec.assurance.prior as PriorSpec;
    const at = modelAt(spec.model, prior, -3, 7.5);
    assert.ok(at.kind === 'parametric');
    const ep = at.params.endpoints.find((e) => e.id === 'score');
    assert.ok(ep !== undefined && ep.type === 'normal');
    assert.deepEqual(ep.mean, { control: 7.5, treatment: 4.5 });
    const { assurance: _, ...rest } = spec;
    const options = { patientsPerArm: 200_000 };
    const [part] = gatherTruthParts([rest], options, 0, truthChunks(options));
    for (const [arm, expected] of [
      [0, 10],
      [1, 5],
    ]) {
      let n = 0;
      let sum = 0;
      let ss = 0;
      for (let i = 0; i < part.n; i++) {
        if (part.arm[i] !== arm) continue;
        // The week-16 value: the change plus its baseline.
        const y = part.ys[0][i] + part.bs[0][i];
        n++;
        sum += y;
        ss += y * y;
      }
      const mean = sum / n;
      const se = Math.sqrt((ss / n - mean * mean) / n);
      assert.ok(Math.abs(mean - expected) < 4 * se, `arm ${arm}: ${mean} ± ${se}, expected ${expected}`);
    }
  });

  for (const method of ['ttest', 'ancova'] as const) {
    it(`${method}: the assurance with the placebo prior equals the one without, within 4 MCSE (4,000 trials each)`, async () => {
      const run = async (placebo: string) => (await api.runScenario({ text: parametricScenario(method, placebo) }, { outDir: null, truth: false, workers: 1 })).result?.designs[0].alternative.assurance;
      const [without, withPlacebo] = [await run(''), await run(PLACEBO)];
      assert.ok(without?.prior && withPlacebo?.prior);
      const a0 = without.probability;
      const a1 = withPlacebo.probability;
      assert.ok(a0.estimate !== null && a1.estimate !== null && a1.mcse !== null && a1.mcse > 0);
      assert.ok(Math.abs(a1.estimate - a0.estimate) <= 4 * a1.mcse, `${a1.estimate} ± ${a1.mcse} with, ${a0.estimate} without`);
    });
  }
});

describe('placebo prior — the report’s design table names it', () => {
  it('a row for the control’s response beside the effect’s prior', async () => {
    const text = parametricScenario('ttest', '      placebo: {normal: {mean: 10, sd: 5}}\n').replace('replicates: 4000', 'replicates: 50');
    const run = await api.runScenario({ text }, { outDir: null, truth: false, workers: 1 });
    assert.ok(run.result !== null);
    const summary = buildSummary({ scenario: run.scenario, designs: run.designs, result: run.result, version: 't' });
    const html = designSection(summary);
    assert.match(html, /design prior on the true difference, score/);
    assert.match(html, /design prior on the control(’|'|&#39;|&#x27;)s response, score/);
    assert.match(html, /N\(10, 5²\) \(the control mean/);
  });
});

describe('placebo prior — bad input, located', () => {
  const problems = (text: string): string => {
    const r = loadScenario(text, 'placebo_prior.yaml');
    return r.ok ? '' : r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
  };
  it('none or two distributions, SD ≤ 0, from_paper, out of reach', () => {
    assert.match(problems(prodermScenario('      placebo: {}\n')), /model\.prior\.cdasi_a\.placebo: give one of/);
    assert.match(problems(prodermScenario('      placebo: {normal: {mean: 0, sd: 1}, truncated_normal: {mean: 0, sd: 1, lower: -1, upper: 1}}\n')), /model\.prior\.cdasi_a\.placebo: give one of .*normal and truncated_normal/);
    assert.match(problems(prodermScenario('      placebo: {normal: {mean: 0, sd: 0}}\n')), /model\.prior\.cdasi_a\.placebo\.normal\.sd: the SD must be above 0/);
    assert.match(problems(prodermScenario('      placebo: {from_paper: true}\n')), /model\.prior\.cdasi_a\.placebo.*from_paper/);
    assert.match(problems(prodermScenario('      placebo: {normal: {mean: -15, sd: 1}}\n')), /model\.prior\.cdasi_a: the placebo prior with the effect’s .*cannot be reached/);
  });
});
