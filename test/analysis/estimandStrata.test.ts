// Per-stratum estimand truth (issue 13; src/analysis/estimandTruth.ts
// estimandStratumTruths, truth.ts): an estimand analysis with baseline strata
// gets each stratum's own truth, the mean treatment − control difference of
// the potential outcomes of the patients whose baseline falls in it. Checked
// against a second, direct computation on an independent large population
// (both arms' potential outcomes of the same patients, the strategy written
// out), within 4 SE; exactly 0 in every stratum under the null; and a unit
// test of the grouping on hand-made differences.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTruths } from '../../src/analysis/truth.js';
import { estimandStratumTruths } from '../../src/analysis/estimandTruth.js';
import { compileTrial } from '../../src/design/trial.js';
import { PRODERM_DESIGN, resolveDesignSpec } from '../../src/design/designSpec.js';
import { resolveProdermParams } from '../../src/model/index.js';
import { streamFor } from '../../src/random/stream.js';
import { stratumLabels, stratumOf } from '../../src/analysis/strata.js';
import type { Cohort } from '../../src/model/cohort.js';

describe('estimandStratumTruths (unit)', () => {
  it('groups the differences by baseline stratum; NaN differences, baselines in no stratum and strata of fewer than two are left out', () => {
    const d = Float64Array.from([1, 3, NaN, 5, 7, 2, 100]);
    const b = Float64Array.from([1, 2, 3, 7, 8, 20, 0]);
    const t = estimandStratumTruths(d, b, [0, 6, 14, Infinity], 7);
    assert.deepEqual(t[0], { value: 2, se: Math.sqrt(2 / 1 / 2) });
    assert.deepEqual(t[1], { value: 6, se: Math.sqrt(2 / 1 / 2) });
    assert.equal(t[2], null);
  });
});

const params = (() => {
  const r = resolveProdermParams({});
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
})();

const CUTS = [0, 6, 14, Infinity];
const EP = { measure: 'cdasi_a', week: 16, type: 'change', crossover: 'observed' };
const ANALYSES = [
  { id: 'tp', endpoint: EP, method: 'ancova', strata: { cuts: CUTS }, estimand: { switch: 'treatment_policy' } },
  { id: 'comp', endpoint: EP, method: 'ancova', strata: { cuts: CUTS }, estimand: { switch: 'composite', worstValue: 10 } },
];
const spec = (effectScale: number): unknown => ({
  model: { kind: 'proderm', params: { effectScale } },
  design: { horizonWeek: 16, dropoutModel: { mechanism: 'mar', share: 0.15, measure: 'cdasi_a', slope: 0.1 } },
  analyses: ANALYSES,
});

describe('per-stratum estimand truth — against a direct computation on a large population', () => {
  const [design, nul] = computeTruths([spec(1), spec(0)], { patientsPerArm: 30_000 });
  const labels = stratumLabels(CUTS);

  it('under the null every stratum’s truth is exactly 0', () => {
    for (const a of ANALYSES) {
      assert.deepEqual(nul[a.id].strata, Object.fromEntries(labels.map((l) => [l, { value: 0, se: 0 }])), a.id);
    }
  });

  it('each stratum’s truth agrees with the direct mean difference within 4 SE, and the strata differ', () => {
    const d = resolveDesignSpec({ sampleSize: 60_000, horizonWeek: 16, dropout: { beforePrimary: 0 } }, PRODERM_DESIGN);
    assert.ok(d.ok);
    const trial = compileTrial({ model: { kind: 'proderm', params }, design: d.design });
    const draws = trial.newDraws();
    trial.draw(streamFor(91, 0, 'patients'), streamFor(91, 0, 'allocation'), draws);
    draws.arm.fill(0);
    const c0 = trial.fromDraws(draws, trial.newCohort());
    draws.arm.fill(1);
    const c1 = trial.fromDraws(draws, trial.newCohort());
    const V = c0.visits.length;
    const k = c0.visits.indexOf(16);
    const value = (c: Cohort, i: number, composite: boolean): number => {
      const x = c.measures.cdasi_a;
      if (composite && c.deteriorationWeek[i] < 16) return 10;
      return x[i * V + k] - x[i * V];
    };
    for (const a of ANALYSES) {
      const composite = a.id === 'comp';
      const m = [0, 0, 0];
      const s = [0, 0, 0];
      const ss = [0, 0, 0];
      for (let i = 0; i < c0.n; i++) {
        const st = stratumOf(c0.measures.cdasi_a[i * V], CUTS);
        if (st < 0) continue;
        const diff = value(c1, i, composite) - value(c0, i, composite);
        m[st]++;
        s[st] += diff;
        ss[st] += diff * diff;
      }
      labels.forEach((label, st) => {
        const mean = s[st] / m[st];
        const se = Math.sqrt((ss[st] / m[st] - mean * mean) / (m[st] - 1));
        const t = design[a.id].strata?.[label];
        assert.ok(t !== undefined, `${a.id} ${label}: no stratum truth`);
        assert.ok(Math.abs(mean - t.value) < 4 * Math.hypot(se, t.se), `${a.id} ${label}: direct ${mean} ± ${se}, truth ${t.value} ± ${t.se}`);
      });
      // The overall truth is not every stratum's: the severity strata have their own effects.
      const st = labels.map((l) => design[a.id].strata![l]);
      assert.ok(Math.abs(st[0].value - st[2].value) > 4 * Math.hypot(st[0].se, st[2].se), `${a.id}: ${JSON.stringify(st)}`);
    }
  });
});
