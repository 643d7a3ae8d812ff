// Dropout that depends on the outcome (src/design/outcomeDropout.ts): the
// solved intercept (unit), the sequential rule (unit, against a plain
// simulation of the hazards), and recovery on a large population: the share
// missing the primary week is the target within Monte Carlo error, per arm
// and mechanism, and MAR dropout on the change picks the patients doing worse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DROPOUT_SOLVE_PATIENTS, compileTrial } from '../../src/design/trial.js';
import { PRODERM_DESIGN, resolveDesignSpec } from '../../src/design/designSpec.js';
import { Covariate, expectedShare, outcomeDropoutWeek, softplus, solveIntercept } from '../../src/design/outcomeDropout.js';
import { resolveProdermParams } from '../../src/model/index.js';
import { streamFor } from '../../src/random/stream.js';

describe('outcome-dependent dropout — the intercept and the rule (unit)', () => {
  it('solves the intercept to the target share; with slope 0 it is the MCAR closed form', () => {
    const N = 500;
    const K = 4;
    const x = new Float64Array(N * K).map((_, j) => ((j * 7919) % 41) - 20);
    for (const share of [0.01, 0.15, 0.5, 0.9]) {
      const a = solveIntercept(share, 0.1, x, N, K);
      assert.ok(a !== null);
      assert.ok(Math.abs(expectedShare(a, 0.1, x, N, K) - share) < 1e-10, `share ${share}`);
      const a0 = solveIntercept(share, 0, x, N, K);
      assert.ok(a0 !== null);
      // 1 − exp(−K softplus(a)) = share
      assert.ok(Math.abs(a0 - Math.log(Math.expm1(-Math.log1p(-share) / K))) < 1e-9);
    }
    assert.equal(solveIntercept(0, 0.1, x, N, K), -Infinity);
    assert.equal(solveIntercept(1, 0.1, x, N, K), null);
  });

  it('says a share is out of reach when the covariates cap it', () => {
    // Half the patients have x = 10 and a slope of −20: their hazard is ~0 at any intercept in range.
    const N = 100;
    const K = 2;
    const x = new Float64Array(N * K).map((_, j) => (j < N ? 0 : 10));
    assert.equal(solveIntercept(0.9, -20, x, N, K), null);
    assert.ok(solveIntercept(0.4, -20, x, N, K) !== null);
  });

  it('leaves after the first visit where the cumulative hazard reaches −log u (the sequential rule)', () => {
    const visits = [0, 4, 8, 12, 16];
    const values = Float64Array.from([10, 12, 20, 30, 40]); // change 0, 2, 10, 20, 30
    const a = -3;
    const slope = 0.1;
    const hazards = [0, 2, 10, 20].map((c) => softplus(a + slope * c)); // observed change at visits 0..3
    let H = 0;
    const cumulative = hazards.map((h) => (H += h));
    for (let k = 0; k < 4; k++) {
      const just = Math.exp(-cumulative[k]) * (1 + 1e-12); // −log u just below H_k (above H_(k−1))
      assert.equal(outcomeDropoutWeek(just, a, slope, Covariate.observedChange, values, 0, visits, NaN), visits[k + 1]);
    }
    assert.ok(Number.isNaN(outcomeDropoutWeek(Math.exp(-cumulative[3]) * 0.9999, a, slope, Covariate.observedChange, values, 0, visits, NaN)));
    // MNAR reads the next visit: the first transition already sees change 2.
    const firstMnar = softplus(a + slope * 2);
    assert.equal(outcomeDropoutWeek(Math.exp(-firstMnar) * (1 + 1e-12), a, slope, Covariate.nextChange, values, 0, visits, NaN), 4);
  });
});

describe('outcome-dependent dropout — recovery of the target share on a large population', () => {
  const params = (() => {
    const r = resolveProdermParams({});
    if (!r.ok) throw new Error(r.errors.join('\n'));
    return r.params;
  })();
  const N = 40_000;
  const cases = [
    { mechanism: 'mar', share: 0.15, measure: 'cdasi_a', slope: 0.1 },
    { mechanism: 'mnar', share: 0.15, measure: 'cdasi_a', slope: 0.2 },
    { mechanism: 'mar', on: 'deterioration', share: 0.15, slope: 2 },
  ];
  for (const dm of cases) {
    it(`${dm.mechanism}${dm.on ? ` on ${dm.on}` : ''}: the share missing week 16 is ${dm.share} in each arm within 4 MCSE`, () => {
      const d = resolveDesignSpec({ sampleSize: N, dropoutModel: [dm, { ...dm, share: 0.3 }] }, PRODERM_DESIGN);
      assert.ok(d.ok);
      const trial = compileTrial({ model: { kind: 'proderm', params }, design: d.design });
      const c = trial.simulate(streamFor(99, 0, 'patients'), streamFor(99, 0, 'allocation'));
      const miss = [0, 0];
      const n = [0, 0];
      const lastChange = [0, 0]; // dropouts, completers (control arm): the change at the last visit seen before week 16
      const count = [0, 0];
      const V = c.visits.length;
      for (let i = 0; i < c.n; i++) {
        n[c.arm[i]]++;
        const dropped = c.dropoutWeek[i] <= 16;
        if (dropped) miss[c.arm[i]]++;
        // Nothing observed from the dropout week on.
        for (let k = 1; k < V; k++) if (c.visits[k] >= c.dropoutWeek[i]) assert.ok(Number.isNaN(c.measures.cdasi_a[i * V + k]));
        if (c.arm[i] === 0) {
          let last = NaN;
          for (let k = 1; k < V && c.visits[k] <= 16; k++) if (!Number.isNaN(c.measures.cdasi_a[i * V + k])) last = c.measures.cdasi_a[i * V + k] - c.measures.cdasi_a[i * V];
          if (last === last) {
            lastChange[dropped ? 0 : 1] += last;
            count[dropped ? 0 : 1]++;
          }
        }
      }
      [dm.share, 0.3].forEach((target, a) => {
        // The realised share varies with this population and with the solving population.
        const mcse = Math.sqrt(target * (1 - target) * (1 / n[a] + 1 / DROPOUT_SOLVE_PATIENTS));
        assert.ok(Math.abs(miss[a] / n[a] - target) < 4 * mcse, `arm ${a}: ${miss[a] / n[a]} against ${target} (MCSE ${mcse})`);
      });
      if (dm.mechanism === 'mar' && dm.on === undefined) {
        // Leaving is likelier the worse (the higher) the change: dropouts were doing worse.
        assert.ok(lastChange[0] / count[0] > lastChange[1] / count[1] + 1, `${lastChange[0] / count[0]} vs ${lastChange[1] / count[1]}`);
      }
    });
  }

  it('a share outside [0, 1) is a located error', () => {
    const d = resolveDesignSpec({ dropoutModel: { mechanism: 'mar', share: 1.2, measure: 'cdasi_a', slope: 0.1 } }, PRODERM_DESIGN);
    assert.ok(!d.ok && d.errors.some((e) => e.startsWith('design.dropoutModel.share:')));
  });

  it('a share the slope cannot reach is a located error at compile time', () => {
    const d = resolveDesignSpec({ dropoutModel: { mechanism: 'mnar', share: 0.99, measure: 'cdasi_a', slope: -60 } }, PRODERM_DESIGN);
    assert.ok(d.ok);
    assert.throws(() => compileTrial({ model: { kind: 'proderm', params }, design: d.design }), /design\.dropoutModel\.share: a share of 0\.99 .* cannot be reached/);
  });
});
