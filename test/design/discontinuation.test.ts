// Treatment discontinuation and the off-treatment regime
// (src/design/discontinuation.ts): recovery of the target share, the waning
// formula against the patient's control potential outcome (with a rate so
// fast the effect is gone at the next visit, a patient who stops has exactly
// its control values afterwards), and the estimands' null truth still exactly 0.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DROPOUT_SOLVE_PATIENTS, compileTrial } from '../../src/design/trial.js';
import { PRODERM_DESIGN, resolveDesignSpec } from '../../src/design/designSpec.js';
import { wane } from '../../src/design/discontinuation.js';
import { computeTruths } from '../../src/analysis/truth.js';
import { resolveProdermParams } from '../../src/model/index.js';
import { streamFor } from '../../src/random/stream.js';

const params = (() => {
  const r = resolveProdermParams({});
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
})();

function cohortOf(design: unknown, arms: 0 | 1 | null, seed = 5) {
  const d = resolveDesignSpec(design, PRODERM_DESIGN);
  assert.ok(d.ok, d.ok ? '' : d.errors.join('\n'));
  const trial = compileTrial({ model: { kind: 'proderm', params }, design: d.design });
  const draws = trial.newDraws();
  trial.draw(streamFor(seed, 0, 'patients'), streamFor(seed, 0, 'allocation'), draws);
  if (arms !== null) draws.arm.fill(arms);
  return trial.fromDraws(draws, trial.newCohort());
}

describe('discontinuation — waning (unit)', () => {
  it('moves the values after the last visit on treatment towards the control values at the rate given', () => {
    const col = Float64Array.from([10, 8, 6, 4, NaN]);
    const c = Float64Array.from([10, 9, 9, 9, 9]);
    wane(col, c, 0, [0, 4, 8, 12, 16], 4, 0.1);
    assert.deepEqual([...col].slice(0, 2), [10, 8]);
    assert.equal(col[2], 9 + (6 - 9) * Math.exp(-0.4));
    assert.equal(col[3], 9 + (4 - 9) * Math.exp(-0.8));
    assert.ok(Number.isNaN(col[4]));
  });
});

describe('discontinuation — recovery on a large population', () => {
  const N = 40_000;
  const base = { sampleSize: N, horizonWeek: 16, dropout: { beforePrimary: 0 } };
  const hazard = { mechanism: 'mcar', share: 0.2 };
  it('with the effect gone at once, an IVIg patient has either its on-treatment or its control value at week 16, the latter in 20% (4 MCSE)', () => {
    const stopped = cohortOf({ ...base, discontinuation: { hazard, waning: 100 } }, 1);
    const onTreatment = cohortOf(base, 1);
    const control = cohortOf({ ...base, crossover: false }, 0);
    const V = stopped.visits.length;
    let differ = 0;
    let atControl = 0;
    for (let i = 0; i < stopped.n; i++) {
      const k = i * V + V - 1;
      const y = stopped.measures.cdasi_a[k];
      const on = onTreatment.measures.cdasi_a[k];
      const off = control.measures.cdasi_a[k];
      if (on === off) continue; // no effect to wane
      differ++;
      if (y === on) continue;
      assert.ok(Math.abs(y - off) < 1e-100 * Math.max(1, Math.abs(on - off)), `patient ${i}: ${y} is neither ${on} nor ${off}`);
      atControl++;
    }
    const share = atControl / differ;
    const mcse = Math.sqrt(0.2 * 0.8 * (1 / differ + 1 / DROPOUT_SOLVE_PATIENTS));
    assert.ok(Math.abs(share - 0.2) < 4 * mcse, `${share} (MCSE ${mcse})`);
  });

  it('a slower waning keeps more of the effect: the mean IVIg change lies between none stopping and the effect gone at once', () => {
    const mean = (waning: number | null): number => {
      const c = cohortOf(waning === null ? base : { ...base, discontinuation: { hazard: { mechanism: 'mar', share: 0.2, measure: 'cdasi_a', slope: 0.1 }, waning } }, 1, 9);
      const V = c.visits.length;
      let s = 0;
      for (let i = 0; i < c.n; i++) s += c.measures.cdasi_a[i * V + V - 1] - c.measures.cdasi_a[i * V];
      return s / c.n;
    };
    const none = mean(null);
    const slow = mean(0.1);
    const fast = mean(100);
    assert.equal(mean(0), none, 'rate 0: the effect stays');
    assert.ok(none < slow && slow < fast, `${none} < ${slow} < ${fast}`);
  });

  it("every estimand's truth is exactly 0 under the null with discontinuation", () => {
    const ep = { measure: 'cdasi_a', week: 16, type: 'change' };
    const spec = (s: number): unknown => ({
      model: { kind: 'proderm', params: { effectScale: s } },
      design: { horizonWeek: 16, discontinuation: { hazard: { mechanism: 'mar', share: 0.2, measure: 'cdasi_a', slope: 0.1 }, waning: 0.1 } },
      analyses: [
        { id: 'tp', endpoint: ep, method: 'mmrm' },
        { id: 'h', endpoint: ep, method: 'mmrm', estimand: { switch: 'hypothetical' } },
      ],
    });
    const [design, nul] = computeTruths([spec(1), spec(0)], { patientsPerArm: 10_000 });
    assert.deepEqual(nul, { tp: { value: 0, se: 0 }, h: { value: 0, se: 0 } });
    assert.ok(design.tp.value < -10 * design.tp.se);
  });
});
