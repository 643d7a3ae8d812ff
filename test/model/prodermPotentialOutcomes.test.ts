// The ProDERM patient's potential outcomes, one regime at a time
// (src/model/proderm/): the observed trial is the randomized regime's
// trajectory; with the effect at 0 every regime gives the same trajectory;
// and the speed devices of the model against the plain computations they
// replace. Plain unit tests.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PRODERM_DESIGN } from '../../src/design/designSpec.js';
import { lowerTimes, lowerTimes5, lowerTimes6 } from '../../src/model/cholesky.js';
import { PRODERM_PRIMARY_WEEK } from '../../src/model/cohort.js';
import { extVasRiseLimit } from '../../src/model/proderm/deterioration.js';
import { copyMeasures, keepMeasures, missingMeasures } from '../../src/model/proderm/observed.js';
import { resolveProdermParams, type ProdermParams } from '../../src/model/prodermParams.js';
import { compileTrial, type CompiledTrial, type TrialDraws } from '../../src/design/trial.js';
import { AleaStream, streamFor } from '../../src/random/stream.js';

function params(overrides: Record<string, number | null> = {}): ProdermParams {
  const r = resolveProdermParams(overrides);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
}

/** A trial of the model with these parameters, its draws of replicate `rep`, and the observed cohort. */
function drawn(p: ProdermParams, rep: number): { trial: CompiledTrial; draws: TrialDraws; width: number } {
  const trial = compileTrial({ model: { kind: 'proderm', params: p }, design: PRODERM_DESIGN });
  const draws = trial.newDraws();
  trial.draw(streamFor(5, rep, 'patients'), streamFor(5, rep, 'allocation'), draws);
  return { trial, draws, width: draws.latent.length / PRODERM_DESIGN.sampleSize };
}

/** Patient i's trajectories under IVIg from week `start` (measure-major, visits of the trial). */
function regime(trial: CompiledTrial, draws: TrialDraws, width: number, i: number, start: number): Float64Array {
  const po = trial.model.split?.potentialOutcomes;
  if (po === undefined) throw new Error('the ProDERM model has potential outcomes');
  const M = trial.model.measureIds.length;
  const out = new Float64Array(M * trial.visits.length);
  po(draws.latent, i * width, draws.base, i * M, start, trial.visits, out);
  return out;
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b); // NaN = NaN, 0 = -0

describe('ProDERM potential outcomes — one patient under each regime (unit)', () => {
  it('the observed trial is the randomized regime\'s trajectory at every observed visit, and missing after the dropout', () => {
    let switched = 0;
    for (let rep = 0; rep < 5; rep++) {
      const { trial, draws, width } = drawn(params(), rep);
      const cohort = trial.fromDraws(draws, trial.newCohort());
      const V = cohort.visits.length;
      for (let i = 0; i < cohort.n; i++) {
        const sw = cohort.crossoverWeek[i];
        if (sw === sw) switched++;
        const start = cohort.arm[i] === 1 ? 0 : sw === sw ? sw : PRODERM_PRIMARY_WEEK;
        const po = regime(trial, draws, width, i, start);
        trial.model.measureIds.forEach((id, m) => {
          for (let k = 0; k < V; k++) {
            const got = cohort.measures[id][i * V + k];
            const want = cohort.visits[k] >= cohort.dropoutWeek[i] ? NaN : po[m * V + k];
            if (!same(got, want)) assert.fail(`rep ${rep}, patient ${i}, ${id} week ${cohort.visits[k]}: observed ${got}, regime from week ${start} ${want}`);
          }
        });
      }
    }
    assert.ok(switched >= 5, `switched patients seen: ${switched}`);
  });

  it('before IVIg starts every regime is the placebo trajectory; after, at the calibrated effect, they differ', () => {
    const { trial, draws, width } = drawn(params(), 0);
    const V = trial.visits.length;
    let differ = 0;
    for (let i = 0; i < 20; i++) {
      const placebo = regime(trial, draws, width, i, PRODERM_PRIMARY_WEEK);
      for (const start of [0, 8, 12]) {
        const po = regime(trial, draws, width, i, start);
        for (let m = 0; m < 6; m++) {
          for (let k = 0; k < V; k++) {
            if (trial.visits[k] <= start) assert.ok(same(po[m * V + k], placebo[m * V + k]), `patient ${i}, measure ${m}, week ${trial.visits[k]}, start ${start}`);
            else if (trial.visits[k] <= PRODERM_PRIMARY_WEEK && !same(po[m * V + k], placebo[m * V + k])) differ++;
          }
        }
      }
    }
    assert.ok(differ > 100, `values that differ from placebo once IVIg started: ${differ}`);
  });

  it('with the effect at 0, every regime gives the same trajectory, patient by patient', () => {
    const cases: Record<string, number>[] = [{ effectScale: 0 }, { effectScale: 0, responseTauWeeks: 2 }];
    for (const overrides of cases) {
      const { trial, draws, width } = drawn(params(overrides), 1);
      const V = trial.visits.length;
      for (let i = 0; i < draws.enrolled; i++) {
        const placebo = regime(trial, draws, width, i, PRODERM_PRIMARY_WEEK);
        for (const start of [0, 4, 8, 12]) {
          const po = regime(trial, draws, width, i, start);
          for (let j = 0; j < 6 * V; j++) if (!same(po[j], placebo[j])) assert.fail(`${JSON.stringify(overrides)}: patient ${i}, start ${start}, cell ${j}: ${po[j]} vs ${placebo[j]}`);
        }
      }
    }
  });
});

describe('ProDERM speed devices — each against the plain computation (unit)', () => {
  it('lowerTimes5 and lowerTimes6 (unrolled copula rows) equal the plain loop bit for bit', () => {
    const u = new AleaStream('lowerTimes');
    const r = new Float64Array(36 + 6);
    for (let n = 0; n < 20_000; n++) {
      u.uniforms(r, r.length);
      const L = r.subarray(0, 36).map((x) => 4 * x - 2);
      const e = r.subarray(36).map((x) => 10 * x - 5);
      const a = new Float64Array(5);
      const b = new Float64Array(5);
      const L5 = L.subarray(0, 25);
      lowerTimes5(L5, e, a);
      lowerTimes(L5, 5, e, b);
      for (let i = 0; i < 5; i++) assert.ok(Object.is(a[i], b[i]));
      const c = new Float64Array(8);
      const d = new Float64Array(8);
      lowerTimes6(L, e, c, 2);
      lowerTimes(L, 6, e, d, 2);
      for (let i = 0; i < 8; i++) assert.ok(Object.is(c[i], d[i]));
    }
  });

  it('copyMeasures, keepMeasures and missingMeasures (unrolled) do what the per-measure loop does, for every set of measures', () => {
    const from = Float64Array.from({ length: 9 }, (_, j) => 10 + j);
    for (let bits = 0; bits < 64; bits++) {
      const cols = Array.from({ length: 6 }, () => new Float64Array(4).fill(-1));
      const want = Array.from({ length: 6 }, () => new Float64Array(4).fill(-1));
      copyMeasures(bits, from, 2, cols, 3);
      for (let m = 0; m < 6; m++) if ((bits & (1 << m)) !== 0) want[m][3] = from[2 + m];
      assert.deepEqual(cols, want);
      const kept = new Float64Array(9).fill(-1);
      const keptWant = new Float64Array(9).fill(-1);
      keepMeasures(bits, cols, 3, kept, 1);
      for (let m = 0; m < 6; m++) if ((bits & (1 << m)) !== 0) keptWant[1 + m] = cols[m][3];
      assert.deepEqual(kept, keptWant);
      missingMeasures(bits, cols, 3);
      for (let m = 0; m < 6; m++) if ((bits & (1 << m)) !== 0) want[m][3] = NaN;
      assert.deepEqual(cols, want);
    }
  });

  it('extVasRiseLimit: below the limit the extramuscular VAS cannot have risen by the rule\'s rise (every baseline on the 0.1 cm grid)', () => {
    const rise = params().deteriorationExtVasRise - 1e-9;
    const limit = extVasRiseLimit(rise);
    const u = new AleaStream('extVasRiseLimit');
    const r = new Float64Array(1);
    let near = 0;
    for (let t = 0; t <= 100; t++) {
      const e0 = t / 10;
      const x0 = limit(e0);
      if (x0 === Infinity) {
        assert.ok(e0 + rise > 10, `e0 ${e0}: never reachable only when e0 + rise > 10`);
        continue;
      }
      if (x0 === -Infinity) continue; // e0 = 0: the VAS stays 0
      for (let n = 0; n < 2000; n++) {
        u.uniforms(r, 1);
        const x = x0 - 3 * r[0] * r[0]; // dense just below the limit
        const ev = Math.min(10, Math.round(10 * e0 * Math.exp(x)) / 10);
        assert.ok(!(ev - e0 >= rise), `e0 ${e0}, x ${x} below the limit ${x0}: the VAS rose to ${ev}`);
      }
      // and the limit is tight: just above it the rise is reached
      const above = Math.min(10, Math.round(10 * e0 * Math.exp(x0 + 1e-6)) / 10);
      if (above - e0 >= rise) near++;
    }
    assert.ok(near > 50, `limits within 1e-6 of the first rising log change: ${near}`);
  });
});
