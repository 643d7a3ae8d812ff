// n_per_arm gives exactly n per arm (issue 18, defect 6), and the
// randomization is still blocked: unit tests of allocation.ts over whole
// simulated trials on many seeds (no tolerance: the sizes are exact by
// construction, so one trial off is a failure).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, createAllocation } from '../../src/design/allocation.js';
import { PARAMETRIC_DESIGN, PRODERM_DESIGN, resolveDesignSpec, type DesignSpec } from '../../src/design/designSpec.js';
import { resolveParametricParams } from '../../src/model/parametricParams.js';
import { resolveProdermParams } from '../../src/model/prodermParams.js';
import { compileTrial, type ModelSpec } from '../../src/design/trial.js';
import { streamFor } from '../../src/random/stream.js';

const SEEDS = 300;

const proderm: ModelSpec = (() => {
  const r = resolveProdermParams({});
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return { kind: 'proderm', params: r.params };
})();
const parametric: ModelSpec = (() => {
  const r = resolveParametricParams({ endpoints: [{ id: 'y', type: 'normal', mean: 0, sd: 1, baseline: { mean: 0, sd: 1 } }] });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return { kind: 'parametric', params: r.params };
})();

function design(input: Record<string, unknown>, base: DesignSpec): DesignSpec {
  const r = resolveDesignSpec(input, base);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.design;
}

/** Arms and strata of the trial of each seed. */
function trials(model: ModelSpec, d: DesignSpec): { arm: number[]; stratum: number[] }[] {
  const trial = compileTrial({ model, design: d });
  return Array.from({ length: SEEDS }, (_, seed) => {
    const c = trial.simulate(streamFor(seed, 0, 'patients'), streamFor(seed, 0, 'allocation'));
    return { arm: Array.from(c.arm.subarray(0, c.n)), stratum: Array.from(c.stratum.subarray(0, c.n)) };
  });
}

const count = (arms: readonly number[], a: number): number => arms.filter((x) => x === a).length;

describe('n_per_arm: exact arms on every seed (unit)', () => {
  const cases: [string, ModelSpec, Record<string, unknown>, DesignSpec, [number, number]][] = [
    ['75 per arm in blocks of 4, no strata (the issue’s case)', parametric, { nPerArm: 75 }, PARAMETRIC_DESIGN, [75, 75]],
    ['15 per arm in blocks of 4 within ProDERM’s 3 strata', proderm, { nPerArm: 15 }, PRODERM_DESIGN, [15, 15]],
    ['31 per arm in blocks of 4 within ProDERM’s 3 strata', proderm, { nPerArm: 31 }, PRODERM_DESIGN, [31, 31]],
    ['{control: 10, treatment: 20} (1:2) in blocks of 6 within ProDERM’s 3 strata', proderm, { nPerArm: [10, 20], blockSize: 6 }, PRODERM_DESIGN, [10, 20]],
    ['25 per arm, simple randomization (truncated binomial)', parametric, { nPerArm: 25, blockSize: null }, PARAMETRIC_DESIGN, [25, 25]],
  ];
  for (const [name, model, input, base, [nc, nt]] of cases) {
    it(name, () => {
      const d = design(input, base);
      assert.equal(d.exactArms, true);
      for (const [seed, t] of trials(model, d).entries()) {
        assert.deepEqual([count(t.arm, 0), count(t.arm, 1)], [nc, nt], `seed ${seed}`);
      }
    });
  }

  it('sample_size is the total only: arms still vary by the incomplete blocks (as ProDERM ran, 47/48)', () => {
    const d = design({ sampleSize: 150 }, PARAMETRIC_DESIGN);
    assert.equal(d.exactArms, undefined);
    const uneven = trials(parametric, d).filter((t) => count(t.arm, 0) !== 75).length;
    assert.ok(uneven > 0, 'some trials are 74/76');
  });
});

describe('n_per_arm: the randomization is still blocked (unit)', () => {
  it('without strata: every block of 4 is 2:2, the last (of 2) is 1:1, and both of its orders occur', () => {
    const orders = new Set<string>();
    for (const t of trials(parametric, design({ nPerArm: 75 }, PARAMETRIC_DESIGN))) {
      for (let b = 0; b < 37; b++) assert.equal(count(t.arm.slice(4 * b, 4 * b + 4), 1), 2);
      const last = t.arm.slice(148);
      assert.equal(count(last, 1), 1);
      orders.add(last.join(''));
    }
    assert.deepEqual([...orders].sort(), ['01', '10']);
  });

  it('with strata: within each stratum every block of 4 is 2:2 until the last blocks of the trial', () => {
    for (const t of trials(proderm, design({ nPerArm: 31 }, PRODERM_DESIGN))) {
      // the patients after the first whose arm was full were not blocked: the tail
      let full = t.arm.length;
      for (let i = 0, c = [0, 0]; i < t.arm.length; i++) {
        c[t.arm[i]!]!++;
        if (c[0] === 31 || c[1] === 31) {
          full = i + 1;
          break;
        }
      }
      for (let s = 0; s < 3; s++) {
        const arms = t.arm.slice(0, full).filter((_, i) => t.stratum[i] === s);
        const lastBlockEnd = Math.floor(arms.length / 4) * 4;
        // every complete block but possibly the last (which may be a cut final block)
        for (let b = 0; b + 4 < lastBlockEnd; b += 4) assert.equal(count(arms.slice(b, b + 4), 1), 2);
      }
    }
  });

  it('the allocation with exact arms draws the same as without until the final block (bit for bit)', () => {
    const plain = createAllocation({ ...PARAMETRIC_DESIGN, sampleSize: 150 }, 1);
    const exact = createAllocation({ ...PARAMETRIC_DESIGN, sampleSize: 150, exactArms: true }, 1);
    const s1 = streamFor(9, 0, 'allocation');
    const s2 = streamFor(9, 0, 'allocation');
    for (let i = 0; i < 148; i++) assert.equal(allocate(exact, 0, s2), allocate(plain, 0, s1), `patient ${i}`);
  });

  it('resolveDesignSpec: exactArms from nPerArm, kept through the worker’s second resolution, refused when the split is not whole', () => {
    const d = design({ nPerArm: 30 }, PRODERM_DESIGN);
    assert.deepEqual(design({ ...d }, PRODERM_DESIGN), d);
    const bad = resolveDesignSpec({ sampleSize: 7, exactArms: true }, PRODERM_DESIGN);
    assert.deepEqual(bad.ok ? [] : bad.errors, ['design.exactArms: 7 patients cannot be split exactly 1:1']);
  });
});
