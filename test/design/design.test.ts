import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, createAllocation } from '../../src/design/allocation.js';
import { PARAMETRIC_DESIGN, PRODERM_DESIGN, resolveDesignSpec, type DesignSpec } from '../../src/design/designSpec.js';
import { dropoutWeekOf } from '../../src/design/dropout.js';
import { meetsRule, stratumOf } from '../../src/design/screening.js';
import { PRODERM_VISITS } from '../../src/model/cohort.js';
import { resolveProdermParams } from '../../src/model/prodermParams.js';
import { compileTrial } from '../../src/design/trial.js';
import { streamFor } from '../../src/random/stream.js';

const params = (() => {
  const r = resolveProdermParams({});
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
})();

describe('permuted blocks — unit tests of the randomization', () => {
  for (const [ratio, block] of [
    [[1, 1], 4],
    [[1, 2], 6],
    [[2, 3], 10],
  ] as const) {
    it(`ratio ${ratio.join(':')} in blocks of ${block}: exact balance within each stratum at every block end`, () => {
      const design: DesignSpec = { ...PRODERM_DESIGN, allocationRatio: ratio, blockSize: block };
      const state = createAllocation(design, 3);
      const stream = streamFor(5, 0, 'allocation');
      const pick = streamFor(5, 0, 'strata');
      const seen: number[][] = [[], [], []];
      for (let i = 0; i < 3000; i++) {
        const s = Math.floor(pick.uniform() * 3);
        seen[s].push(allocate(state, s, stream));
      }
      for (const arms of seen) {
        let treated = 0;
        arms.forEach((a, j) => {
          treated += a;
          if ((j + 1) % block === 0) assert.equal(treated, ((j + 1) * ratio[1]) / (ratio[0] + ratio[1]), `after ${j + 1} patients`);
        });
      }
    });
  }

  it('blocks are random: both orders of the first two slots occur', () => {
    const firsts = new Set<string>();
    for (let r = 0; r < 50; r++) {
      const state = createAllocation(PRODERM_DESIGN, 1);
      const s = streamFor(r, 0, 'allocation');
      firsts.add(`${allocate(state, 0, s)}${allocate(state, 0, s)}`);
    }
    assert.deepEqual([...firsts].sort(), ['00', '01', '10', '11']);
  });

  it('simple randomization: treatment share within 4 MCSE of the ratio', () => {
    const design: DesignSpec = { ...PRODERM_DESIGN, blockSize: null, allocationRatio: [1, 3] };
    const state = createAllocation(design, 1);
    const s = streamFor(1, 0, 'allocation');
    const n = 20000;
    let t = 0;
    for (let i = 0; i < n; i++) t += allocate(state, 0, s);
    assert.ok(Math.abs(t / n - 0.75) < 4 * Math.sqrt((0.75 * 0.25) / n));
  });

  it('whole trial: balance within strata at block ends (ProDERM design)', () => {
    const trial = compileTrial({ model: { kind: 'proderm', params }, design: { ...PRODERM_DESIGN, sampleSize: 400, horizonWeek: 16 } });
    const c = trial.simulate(streamFor(3, 0, 'patients'), streamFor(3, 0, 'allocation'));
    for (let s = 0; s < 3; s++) {
      let count = 0;
      let treated = 0;
      for (let i = 0; i < c.n; i++) {
        if (c.stratum[i] !== s) continue;
        count++;
        treated += c.arm[i];
        if (count % 4 === 0) assert.equal(treated, count / 2);
      }
    }
  });
});

describe('screening — unit tests', () => {
  it('stratum counts the cut points a value exceeds: (0,6], (6,14], >14', () => {
    assert.deepEqual([0, 6, 7, 14, 15, 67].map((v) => stratumOf([6, 14], v)), [0, 0, 1, 1, 2, 2]);
  });
  it('eligibility bounds, inclusive and exclusive, and missing values', () => {
    const r = { measure: 'cdasi_a', min: 14, minInclusive: false, max: null, maxInclusive: true };
    assert.deepEqual([13, 14, 15, NaN].map((v) => meetsRule(r, v)), [false, false, true, false]);
    assert.deepEqual([13, 14, 15].map((v) => meetsRule({ ...r, minInclusive: true }, v)), [false, true, true]);
    assert.deepEqual([5, 10, 11].map((v) => meetsRule({ ...r, min: null, max: 10, maxInclusive: false }, v)), [true, false, false]);
  });

  it('no ineligible patient is enrolled, and screening draws until n are eligible', () => {
    for (const inclusive of [false, true]) {
      const design: DesignSpec = { ...PRODERM_DESIGN, sampleSize: 200, horizonWeek: 16, eligibility: [{ measure: 'cdasi_a', min: 14, minInclusive: inclusive, max: null, maxInclusive: true }] };
      const c = compileTrial({ model: { kind: 'proderm', params }, design }).simulate(streamFor(9, 1, 'patients'), streamFor(9, 1, 'allocation'));
      assert.equal(c.n, 200);
      assert.ok(c.screened > 300, `screened ${c.screened}`);
      const V = c.visits.length;
      for (let i = 0; i < c.n; i++) assert.ok(inclusive ? c.measures.cdasi_a[i * V] >= 14 : c.measures.cdasi_a[i * V] > 14);
    }
  });

  it('an impossible filter stops at the screening limit with a smaller cohort', () => {
    const design: DesignSpec = { ...PRODERM_DESIGN, sampleSize: 10, screeningLimit: 5, eligibility: [{ measure: 'cdasi_a', min: 100, minInclusive: false, max: null, maxInclusive: true }] };
    const c = compileTrial({ model: { kind: 'proderm', params }, design }).simulate(streamFor(1, 1, 'patients'), streamFor(1, 1, 'allocation'));
    assert.equal(c.n, 0);
    assert.equal(c.screened, 50);
  });
});

describe('dropout — unit tests', () => {
  const visits = [...PRODERM_VISITS];
  it('maps the uniform to the first unobserved visit, evenly within each period', () => {
    // pBefore 0.4 over visits 4..16 (4 of them), pAfter 0.5 over 20..40 (6)
    assert.equal(dropoutWeekOf(0.05, 0.4, 0.5, visits, 16), 4);
    assert.equal(dropoutWeekOf(0.39, 0.4, 0.5, visits, 16), 16);
    assert.equal(dropoutWeekOf(0.41, 0.4, 0.5, visits, 16), 20);
    assert.equal(dropoutWeekOf(0.69, 0.4, 0.5, visits, 16), 40);
    assert.ok(Number.isNaN(dropoutWeekOf(0.71, 0.4, 0.5, visits, 16)));
    assert.ok(Number.isNaN(dropoutWeekOf(0.5, 0, 0, visits, 16)));
  });
  it('a schedule ending at the primary week has no later dropout', () => {
    assert.ok(Number.isNaN(dropoutWeekOf(0.9, 0.1, 0.9, [0, 16], 16)));
    assert.equal(dropoutWeekOf(0.05, 0.1, 0.9, [0, 16], 16), 16);
  });
});

describe('resolveDesignSpec — unit tests of the boundary', () => {
  it('defaults, nPerArm and ratios', () => {
    const a = resolveDesignSpec({});
    assert.ok(a.ok);
    if (a.ok) assert.deepEqual(a.design, PRODERM_DESIGN);
    const b = resolveDesignSpec({ nPerArm: [40, 80], blockSize: 6 });
    assert.ok(b.ok);
    if (b.ok) {
      assert.equal(b.design.sampleSize, 120);
      assert.deepEqual(b.design.allocationRatio, [1, 2]);
    }
    const c = resolveDesignSpec({ nPerArm: 30 }, PARAMETRIC_DESIGN);
    assert.ok(c.ok && c.design.sampleSize === 60 && c.design.stratification === null);
  });
  it('rejects unknown keys with a did-you-mean, bad blocks and probabilities', () => {
    const r = resolveDesignSpec({ sampleSiz: 10, blockSize: 5, dropout: { beforePrimary: 1.2 } });
    assert.ok(!r.ok);
    if (!r.ok) {
      assert.ok(r.errors.some((e) => e.includes("did you mean 'sampleSize'")), r.errors.join('\n'));
      assert.ok(r.errors.some((e) => e.startsWith('design.blockSize')));
      assert.ok(r.errors.some((e) => e.startsWith('design.dropout.beforePrimary')));
    }
  });
  it('eligibility rules and stratification', () => {
    const r = resolveDesignSpec({ eligibility: [{ measure: 'cdasi_a', min: 14, minInclusive: false }], stratification: null });
    assert.ok(r.ok);
    if (r.ok) {
      assert.deepEqual(r.design.eligibility, [{ measure: 'cdasi_a', min: 14, minInclusive: false, max: null, maxInclusive: true }]);
      assert.equal(r.design.stratification, null);
    }
    const bad = resolveDesignSpec({ eligibility: [{ measure: 'cdasi_a' }], stratification: { measure: 'cdasi_a', cutpoints: [14, 6] } });
    assert.ok(!bad.ok && bad.errors.length === 2, JSON.stringify(bad));
  });
  it('a design naming a measure the model lacks is refused at compile time', () => {
    assert.throws(
      () => compileTrial({ model: { kind: 'proderm', params }, design: { ...PRODERM_DESIGN, eligibility: [{ measure: 'cdasi', min: 1, minInclusive: true, max: null, maxInclusive: true }] } }),
      /not a measure/,
    );
  });
});

describe('design and model consistency — unit tests', () => {
  it('screening or stratifying on a measure without a week-0 value is refused', () => {
    assert.throws(
      () => compileTrial({ model: { kind: 'proderm', params }, design: { ...PRODERM_DESIGN, stratification: { measure: 'tis', cutpoints: [20] } } }),
      /has no week-0 value/,
    );
  });
  it('a horizon before the primary week is refused', () => {
    assert.throws(() => compileTrial({ model: { kind: 'proderm', params }, design: { ...PRODERM_DESIGN, horizonWeek: 12 } }), /ends before the primary week/);
  });
});
