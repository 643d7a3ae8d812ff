// The parametric model under a design prior moves its compiled means per
// replicate (CompiledModel.setNormalMeans) instead of compiling afresh.
// Checked: a replicate equals bit for bit a fixed-effect kernel compiled at
// its drawn θ (and drawn control mean), replicates out of order and
// repeated; run beside its null run (createKernels), each record is the one
// its kernel gives alone; the slot refuses a binary or unknown endpoint.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKernel, createKernels } from '../../src/analysis/kernel.js';
import { drawEffects, modelAt, newPriorStreams, type AssuranceSpec, type PriorSpec } from '../../src/analysis/assurance.js';
import { U } from '../../src/engine/layout.js';
import { compileParametric } from '../../src/model/parametric.js';
import { resolveParametricParams } from '../../src/model/parametricParams.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';

function scenario(placebo: string, runNull: boolean): string {
  return `name: parametric_prior_slot
seed: 17
replicates: 10
run_null: ${runNull}
model:
  kind: parametric
  params:
    endpoints:
      - id: score
        type: normal
        scale: change
        mean: {control: 1, treatment: -4}
        sd: 10
        baseline: {mean: 20, sd: 10, correlation: 0.5}
      - id: resp
        type: binary
        probability: {control: 0.3, treatment: 0.5}
  prior:
    score:
      normal: {mean: -5, sd: 3}
${placebo}design:
  n_per_arm: 30
analyses:
  - id: a
    endpoint: {measure: score, week: 16, type: change}
    method: ancova
success: {analysis: a, bins: 5}
`;
}

function point(text: string) {
  const r = loadScenario(text, 'parametric_prior_slot.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return expandDesigns(r.scenario)[0];
}

const PLACEBO = '      placebo: {normal: {mean: 10, sd: 5}}\n';

describe('parametric model under a design prior: the means slot (setNormalMeans)', () => {
  for (const [label, placebo] of [
    ['effect prior', ''],
    ['effect and control priors', PLACEBO],
  ] as const) {
    it(`${label}: a replicate equals bit for bit a fixed-effect kernel compiled at its draws`, () => {
      const spec = point(scenario(placebo, false)).spec as { model: Parameters<typeof modelAt>[0]; assurance: AssuranceSpec };
      const prior = spec.assurance.prior as PriorSpec;
      const kernel = createKernel(spec);
      const block = kernel.layout.assurance!;
      const { assurance: _, ...rest } = spec;
      for (const index of [3, 0, 1, 3, 8]) {
        const out = new Float64Array(kernel.layout.width).fill(NaN);
        kernel.run(17, index, out);
        const drawn = drawEffects(prior, 17, index, newPriorStreams());
        assert.equal(out[block.offset + U.theta], drawn.theta);
        assert.equal(Number.isFinite(drawn.placebo), placebo !== '');
        const fixed = createKernel({ ...rest, model: modelAt(spec.model, prior, drawn.theta, drawn.placebo) });
        const ref = new Float64Array(fixed.layout.width).fill(NaN);
        fixed.run(17, index, ref);
        assert.deepEqual(Array.from(out.subarray(0, block.offset)), Array.from(ref), `replicate ${index}`);
      }
    });
  }

  it('run with its null run (createKernels), each record is the one its kernel gives alone', () => {
    const pt = point(scenario(PLACEBO, true));
    assert.ok(pt.nullSpec !== null && pt.nullSpec !== undefined);
    const [k, nk] = createKernels([pt.spec, pt.nullSpec]);
    const [alone] = createKernels([pt.spec]);
    const [nullAlone] = createKernels([pt.nullSpec]);
    const run = (kernel: typeof k, index: number): number[] => {
      const out = new Float64Array(kernel.layout.width).fill(NaN);
      kernel.run(17, index, out);
      return Array.from(out);
    };
    for (const index of [0, 1, 2, 3]) {
      // Design first, then its null (as the engine runs them), and the other way round.
      let d: number[];
      let n: number[];
      if (index % 2 === 0) {
        d = run(k, index);
        n = run(nk, index);
      } else {
        n = run(nk, index);
        d = run(k, index);
      }
      assert.deepEqual(d, run(alone, index), `design, replicate ${index}`);
      assert.deepEqual(n, run(nullAlone, index), `null, replicate ${index}`);
    }
  });

  it('the slot refuses a binary or unknown endpoint', () => {
    const r = resolveParametricParams({
      endpoints: [
        { id: 'y', type: 'normal', mean: { control: 0, treatment: 1 }, sd: 1 },
        { id: 'b', type: 'binary', probability: { control: 0.2, treatment: 0.4 } },
      ],
    });
    assert.ok(r.ok);
    if (!r.ok) return;
    const m = compileParametric(r.params);
    assert.ok(m.setNormalMeans !== undefined);
    assert.throws(() => m.setNormalMeans!('b', 0, 1), /not a normal endpoint/);
    assert.throws(() => m.setNormalMeans!('nope', 0, 1), /not a normal endpoint/);
    m.setNormalMeans!('y', 2, 3);
  });
});
