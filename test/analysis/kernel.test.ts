import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKernel } from '../../src/analysis/kernel.js';
import { SpecError } from '../../src/analysis/spec.js';
import { computeTruth } from '../../src/analysis/truth.js';
import { A, S, T } from '../../src/engine/layout.js';

const PRODERM_SPEC = {
  model: { kind: 'proderm' },
  analyses: [
    { id: 'cdasi_a', endpoint: { measure: 'cdasi_a' }, method: 'ancova', strata: { cuts: [0, 6, 14, 'inf'] } },
    { id: 'tis', endpoint: { measure: 'tis', type: 'threshold_responder', threshold: 20 }, method: 'responder_cmh' },
    { id: 'vas', endpoint: { measure: 'cutaneous_vas', baselineAbove: 0.2 }, method: 'welch', sidedness: 'less' },
  ],
  multiplicity: { procedure: 'hochberg' },
};

function same(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** Parametric model with known effects: change −5 (SD 10, baseline r = 0.5), responders 0.5 vs 0.3. */
function parametric(effectScale: number, n: number, analyses: unknown[]): unknown {
  return {
    model: {
      kind: 'parametric',
      params: {
        effectScale,
        endpoints: [
          { id: 'y', type: 'normal', scale: 'change', mean: { control: 0, treatment: -5 }, sd: { control: 10, treatment: 10 }, baseline: { mean: 20, sd: 6, correlation: 0.5 } },
          { id: 'r', type: 'binary', probability: { control: 0.3, treatment: 0.5 } },
        ],
      },
    },
    design: { sampleSize: n },
    analyses,
  };
}

const PARAMETRIC_ANALYSES = [
  { id: 'ancova', endpoint: { measure: 'y' }, method: 'ancova', strata: { cuts: ['-inf', 20, 'inf'] } },
  { id: 'ttest', endpoint: { measure: 'y' }, method: 'ttest' },
  { id: 'rd', endpoint: { measure: 'r', type: 'threshold_responder', threshold: 1 }, method: 'responder_wald' },
];

describe('createKernel — unit tests', () => {
  it('is deterministic: the same (seed, index) gives the same record, whatever ran before', () => {
    const k1 = createKernel(PRODERM_SPEC);
    const k2 = createKernel(PRODERM_SPEC);
    const a = new Float64Array(k1.layout.width);
    const b = new Float64Array(k1.layout.width);
    const c = new Float64Array(k1.layout.width);
    k1.run(11, 5, a);
    for (let i = 0; i < 20; i++) k2.run(11, i, b); // ends on index 19
    k2.run(11, 5, b);
    assert.ok(same(a, b), 'same record');
    k1.run(11, 6, c);
    assert.ok(!same(a, c), 'another index gives another trial');
    k1.run(12, 5, c);
    assert.ok(!same(a, c), 'another seed gives another trial');
  });

  it('lays out analyses and strata as the engine expects, flags 0/1', () => {
    const k = createKernel(PRODERM_SPEC);
    assert.deepEqual(
      k.layout.analyses.map((a) => [a.id, a.strata.map((s) => s.label)]),
      [
        ['cdasi_a', ['(0,6]', '(6,14]', '(14,inf)']],
        ['tis', []],
        ['vas', []],
      ],
    );
    const out = new Float64Array(k.layout.width).fill(NaN);
    for (let i = 0; i < 50; i++) {
      k.run(3, i, out);
      for (const a of k.layout.analyses) {
        for (const f of [A.estimable, A.reject, A.rejectAdjusted, A.interactionEstimable, A.interactionReject]) {
          assert.ok(out[a.offset + f] === 0 || out[a.offset + f] === 1);
        }
        for (const s of a.strata) assert.ok(out[s.offset + S.excludesZero] === 0 || out[s.offset + S.excludesZero] === 1);
      }
    }
  });

  it('checks its spec at the boundary, with paths', () => {
    const err = (spec: unknown): string => {
      try {
        createKernel(spec);
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      return 'no error';
    };
    assert.match(err(null), /^spec: expected a mapping/);
    assert.match(err({ ...PRODERM_SPEC, extra: 1 }), /^spec\.extra: unknown key/);
    assert.match(err({ analyses: PRODERM_SPEC.analyses }), /^spec\.model: missing/);
    assert.match(err({ model: { kind: 'proderm' }, analyses: [{ id: 'a', endpoint: { measure: 'cdasi' } }] }), /^spec\.analyses\[0\]\.endpoint\.measure: 'cdasi' is not a measure of the proderm model/);
    assert.match(err({ model: { kind: 'proderm' }, analyses: [{ id: 'a', endpoint: { measure: 'cdasi_a', week: 18 } }] }), /^spec\.analyses\[0\]\.endpoint\.week: must be one of the visits/);
    assert.match(err({ model: { kind: 'proderm', params: { nope: 1 } }, analyses: PRODERM_SPEC.analyses }), /^spec\.model\.params: model\.params\.nope: unknown parameter/);
    assert.ok(err(parametric(1, 100, PARAMETRIC_ANALYSES)) === 'no error');
    try {
      createKernel({ model: { kind: 'proderm' }, analyses: 'x' });
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof SpecError);
    }
  });
});

describe('createKernel — Monte Carlo checks on the parametric model (tolerance 4 MCSE)', () => {
  it('type I error of the t test and ANCOVA at effect scale 0, and 95% CI coverage', () => {
    const R = 2000;
    const k = createKernel(parametric(0, 60, PARAMETRIC_ANALYSES));
    const out = new Float64Array(k.layout.width);
    const rejections = [0, 0, 0];
    let covered = 0;
    for (let i = 0; i < R; i++) {
      k.run(2024, i, out);
      // The test's size: rejections on either side (towards benefit, and harm).
      k.layout.analyses.forEach((a, j) => (rejections[j] += out[a.offset + A.reject] + out[a.tail! + T.rejectHarm]));
      const o = k.layout.analyses[0].offset;
      if (out[o + A.ciLower] <= 0 && 0 <= out[o + A.ciUpper]) covered++;
    }
    const mcse = Math.sqrt((0.05 * 0.95) / R);
    // ANCOVA and the t test are exact under normal data; the Wald z test of a
    // risk difference is not (its size at 30 per arm is not 0.05), so it is not checked here.
    for (const [j, name] of ['ancova', 'ttest'].entries()) {
      const rate = rejections[j] / R;
      assert.ok(Math.abs(rate - 0.05) < 4 * mcse, `${name}: type I error ${rate}`);
    }
    assert.ok(Math.abs(covered / R - 0.95) < 4 * mcse, `ANCOVA CI coverage ${covered / R}`);
  });
});

describe('computeTruth — recovery on the parametric model (large population returns the input effects)', () => {
  it('LS-mean and mean difference −5, risk difference 0.2, overall and per stratum, within 4 SE', () => {
    const truth = computeTruth(parametric(1, 100, PARAMETRIC_ANALYSES), { patientsPerArm: 50_000, chunk: 5_000 });
    const check = (label: string, v: { value: number; se: number } | undefined, expected: number): void => {
      assert.ok(v !== undefined, `${label}: missing`);
      assert.ok(v.se > 0 && v.se < 0.1, `${label}: se ${v.se}`);
      assert.ok(Math.abs(v.value - expected) < 4 * v.se, `${label}: ${v.value} vs ${expected} (se ${v.se})`);
    };
    check('ancova', truth['ancova'], -5);
    check('ttest', truth['ttest'], -5);
    check('rd', truth['rd'], 0.2);
    check('ancova (-inf,20]', truth['ancova'].strata?.['(-inf,20]'], -5);
    check('ancova (20,inf)', truth['ancova'].strata?.['(20,inf)'], -5);
    // ANCOVA removes the baseline's share of the variance: SE ratio sqrt(1 - r^2) against the t test.
    const ratio = truth['ancova'].se / truth['ttest'].se;
    assert.ok(Math.abs(ratio - Math.sqrt(1 - 0.25)) < 0.01, `SE ratio ${ratio}`);
  });

  it('is deterministic given its seed', () => {
    const spec = parametric(1, 100, PARAMETRIC_ANALYSES.slice(1, 2));
    const a = computeTruth(spec, { patientsPerArm: 5_000, seed: 3 });
    const b = computeTruth(spec, { patientsPerArm: 5_000, seed: 3 });
    assert.deepEqual(a, b);
  });
});
