import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SWITCH_RULE } from '../../src/design/switchRule.js';
import { patientOutcomes } from '../../src/model/compiledModel.js';
import { PRODERM_DESIGN, type DesignSpec } from '../../src/design/designSpec.js';
import { PRODERM_MEASURES, type Cohort } from '../../src/model/cohort.js';
import { compileProderm, prodermTables } from '../../src/model/proderm.js';
import { populationEffects, tisResponderRate } from '../../src/model/prodermEffects.js';
import { PRODERM_DEFAULTS, PRODERM_PARAMS, resolveProdermParams, type ProdermParams } from '../../src/model/prodermParams.js';
import { compileTrial, simulateTrial, type CompiledTrial, type TrialSpec } from '../../src/design/trial.js';
import { prodermCalibrationReport } from '../../src/model/prodermCalibration.js';
import { streamFor } from '../../src/random/stream.js';

function params(overrides: Record<string, number | null> = {}): ProdermParams {
  const r = resolveProdermParams(overrides);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
}
const P = params();
const spec = (design: Partial<DesignSpec> = {}, p: ProdermParams = P): TrialSpec => ({ model: { kind: 'proderm', params: p }, design: { ...PRODERM_DESIGN, ...design } });
// Compiled once per spec object here (simulateTrial compiles on every call).
const trials = new WeakMap<TrialSpec, CompiledTrial>();
const compiledOf = (s: TrialSpec): CompiledTrial => {
  let t = trials.get(s);
  if (t === undefined) trials.set(s, (t = compileTrial(s)));
  return t;
};
const run = (s: TrialSpec, seed = 1, rep = 0): Cohort => compiledOf(s).simulate(streamFor(seed, rep, 'patients'), streamFor(seed, rep, 'allocation'));
const row = (c: Cohort, id: string, i: number): number[] => Array.from(c.measures[id].subarray(i * c.visits.length, (i + 1) * c.visits.length));

describe('ProDERM model — determinism', () => {
  it('same seed, same cohort; another seed, another cohort', () => {
    const s = spec();
    const a = run(s, 7, 3);
    const b = run(s, 7, 3);
    assert.deepEqual(a, b);
    const c = run(s, 7, 4);
    assert.notDeepEqual(a.measures.cdasi_a, c.measures.cdasi_a);
  });
});

describe('ProDERM model — ranges, integers and missingness (unit)', () => {
  const c = run(spec({ sampleSize: 3000 }), 11);
  const V = c.visits.length;
  it('every value lies in its range on its grid (integers, 0.1 cm, 2.5 TIS points)', () => {
    for (const [id, m] of Object.entries(PRODERM_MEASURES)) {
      const x = c.measures[id];
      for (let j = 0; j < x.length; j++) {
        const v = x[j];
        if (v !== v) continue;
        assert.ok(v >= m.min && v <= m.max, `${id} = ${v}`);
        const steps = v / m.step;
        assert.ok(Math.abs(steps - Math.round(steps)) < 1e-9, `${id} = ${v} is off its ${m.step} grid`);
      }
    }
  });
  it('TIS is missing at week 0 and present from week 4; no other baseline is missing', () => {
    for (let i = 0; i < c.n; i++) {
      assert.ok(Number.isNaN(c.measures.tis[i * V]));
      for (const id of ['cdasi_a', 'cdasi_d', 'cutaneous_vas', 'extramuscular_vas', 'mmt8']) assert.ok(!Number.isNaN(c.measures[id][i * V]));
    }
  });
  it('values are present before dropout and missing at and after it', () => {
    let dropouts = 0;
    for (let i = 0; i < c.n; i++) {
      const d = c.dropoutWeek[i];
      if (d === d) dropouts++;
      for (let k = 1; k < V; k++) {
        const missing = c.visits[k] >= d;
        for (const id of Object.keys(PRODERM_MEASURES)) assert.equal(Number.isNaN(c.measures[id][i * V + k]), missing, `${id} patient ${i} week ${c.visits[k]} dropout ${d}`);
      }
    }
    assert.ok(dropouts > 0);
  });
  it('switches only on placebo, at week 8 or 12, after confirmed deterioration', () => {
    let switched = 0;
    for (let i = 0; i < c.n; i++) {
      const w = c.crossoverWeek[i];
      if (w !== w) continue;
      switched++;
      assert.equal(c.arm[i], 0);
      assert.ok(w === 8 || w === 12);
      assert.equal(c.deteriorationWeek[i], w);
    }
    assert.ok(switched > 0);
  });
  it('baseline zeros of CDASI-A and CDASI-D stay zero; CDASI-A zero means cutaneous VAS zero', () => {
    for (let i = 0; i < c.n; i++) {
      for (const id of ['cdasi_a', 'cdasi_d']) {
        if (row(c, id, i)[0] !== 0) continue;
        assert.ok(row(c, id, i).every((v) => v === 0 || v !== v));
      }
      if (row(c, 'cdasi_a', i)[0] === 0) assert.equal(row(c, 'cutaneous_vas', i)[0], 0);
    }
  });
  it('a horizon of 16 weeks gives visits 0-16 and the same first-period values as the full schedule', () => {
    const short = run(spec({ sampleSize: 50, horizonWeek: 16 }), 2);
    assert.deepEqual(short.visits, [0, 4, 8, 12, 16]);
    // A different number of draws per patient: not the same patients, but the same shape.
    assert.equal(short.measures.cdasi_a.length, 50 * 5);
  });
});

describe('ProDERM model — common random numbers', () => {
  it('patient i is the same person whatever the sample size', () => {
    const small = run(spec({ sampleSize: 40 }), 5);
    const large = run(spec({ sampleSize: 95 }), 5);
    for (let i = 0; i < 40; i++) {
      assert.equal(small.arm[i], large.arm[i]);
      for (const id of Object.keys(PRODERM_MEASURES)) assert.deepEqual(row(small, id, i), row(large, id, i));
    }
  });
  it('effect scale 0 and 1: same baselines, arms, dropouts and placebo outcomes; IVIg outcomes differ', () => {
    const one = run(spec({ sampleSize: 200 }), 6);
    const zero = run(spec({ sampleSize: 200 }, params({ effectScale: 0 })), 6);
    assert.deepEqual(one.arm, zero.arm);
    assert.deepEqual(one.dropoutWeek, zero.dropoutWeek);
    let ivigDiffer = 0;
    for (let i = 0; i < one.n; i++) {
      assert.equal(row(one, 'cdasi_a', i)[0], row(zero, 'cdasi_a', i)[0]);
      const w16 = 4;
      if (one.arm[i] === 0) {
        // placebo values up to week 16, or up to a switch (the values after it are under IVIg)
        assert.equal(one.crossoverWeek[i], zero.crossoverWeek[i]);
        const last = one.crossoverWeek[i] < 16 ? one.crossoverWeek[i] / 4 : w16;
        for (const id of Object.keys(PRODERM_MEASURES)) assert.deepEqual(row(one, id, i).slice(0, last + 1), row(zero, id, i).slice(0, last + 1));
      } else if (row(one, 'tis', i)[w16] !== row(zero, 'tis', i)[w16]) ivigDiffer++;
    }
    assert.ok(ivigDiffer > 50, `${ivigDiffer}`);
  });
  it('an enriched design enrols exactly the eligible subsequence of the same screened patients', () => {
    const all = run(spec({ sampleSize: 400, horizonWeek: 16 }), 8);
    const enriched = run(spec({ sampleSize: 100, horizonWeek: 16, eligibility: [{ measure: 'cdasi_a', min: 14, minInclusive: false, max: null, maxInclusive: true }] }), 8);
    const eligible: number[] = [];
    for (let i = 0; i < all.n && eligible.length < enriched.n; i++) if (row(all, 'cdasi_a', i)[0] > 14) eligible.push(i);
    assert.equal(eligible.length, 100);
    eligible.forEach((i, j) => {
      for (const id of ['cdasi_a', 'cdasi_d', 'cutaneous_vas', 'extramuscular_vas', 'mmt8']) assert.equal(row(all, id, i)[0], row(enriched, id, j)[0]);
    });
  });
  it('a 2:1 design has the same patients, in other arms', () => {
    const a = run(spec({ sampleSize: 60 }), 4);
    const b = run(spec({ sampleSize: 60, allocationRatio: [1, 2], blockSize: 6 }), 4);
    for (let i = 0; i < 60; i++) assert.equal(row(a, 'cdasi_d', i)[0], row(b, 'cdasi_d', i)[0]);
    assert.notDeepEqual(a.arm, b.arm);
  });
});

/** Per-patient potential outcomes at week 16 from the compiled model directly (no dropout, no switch). */
function potentialDifferences(p: ProdermParams, n: number, seed: number): Record<string, { mean: number; se: number }> {
  const model = compileProderm(p);
  const outcomes = patientOutcomes(model, SWITCH_RULE);
  const trial = compileTrial(spec({ horizonWeek: 16, crossover: false }, p));
  const stream = streamFor(seed, 0, 'patients');
  const u = new Float64Array(trial.drawsPerPatient);
  const base = new Float64Array(6);
  const one = (arm: number) => {
    const c: Cohort = { n: 1, visits: [0, 4, 8, 12, 16], arm: new Uint8Array(1), armLabels: ['placebo', 'ivig'], stratum: new Uint8Array(1), crossoverWeek: new Float64Array(1), deteriorationWeek: new Float64Array(1), dropoutWeek: new Float64Array(1), measures: Object.fromEntries(Object.keys(PRODERM_MEASURES).map((id) => [id, new Float64Array(5).fill(NaN)])), screened: 1 };
    outcomes(u, base, arm, NaN, false, c);
    return c;
  };
  const ids = ['cdasi_a', 'cdasi_d', 'cutaneous_vas', 'extramuscular_vas', 'mmt8'];
  const sums = Object.fromEntries(ids.map((id) => [id, { s: 0, s2: 0, n: 0 }]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < u.length; j++) u[j] = stream.uniform();
    model.baseline(u, base);
    const a = one(1);
    const b = one(0);
    for (const id of ids) {
      if (id === 'cutaneous_vas' && !(base[2] > 0.2 + 1e-9)) continue;
      const d = a.measures[id][4] - b.measures[id][4];
      sums[id].s += d;
      sums[id].s2 += d * d;
      sums[id].n++;
    }
  }
  return Object.fromEntries(
    ids.map((id) => {
      const { s, s2, n: m } = sums[id];
      const mean = s / m;
      return [id, { mean, se: Math.sqrt((s2 / m - mean * mean) / m) }];
    }),
  );
}

describe('ProDERM model — recovery of its inputs (large simulated cohorts)', () => {
  it('baseline zero shares and dropout rates equal their parameters within 4 MCSE', () => {
    const n = 60000;
    const c = run(spec({ sampleSize: n, horizonWeek: 40 }), 21);
    const V = c.visits.length;
    const share = (f: (i: number) => boolean): number => {
      let k = 0;
      for (let i = 0; i < n; i++) if (f(i)) k++;
      return k / n;
    };
    const within = (est: number, p: number, label: string): void => assert.ok(Math.abs(est - p) < 4 * Math.sqrt((p * (1 - p)) / n), `${label}: ${est} vs ${p}`);
    within(share((i) => c.measures.cdasi_a[i * V] === 0), P.cdasiABaselineZeroShare, 'CDASI-A zero');
    within(share((i) => c.measures.cdasi_d[i * V] === 0), P.cdasiDBaselineZeroShare, 'CDASI-D zero');
    within(share((i) => c.dropoutWeek[i] <= 16), P.dropoutBeforeWeek16, 'dropout before 16');
    within(share((i) => !(c.dropoutWeek[i] <= 40)), (1 - P.dropoutBeforeWeek16) * (1 - P.dropoutWeek16To40), 'completed week 40');
  });

  it('IVIg TIS >= 20 at week 16 (no dropout) equals the rate of the compiled TIS table within 4 MCSE', () => {
    const n = 40000;
    const c = run(spec({ sampleSize: n, horizonWeek: 16, dropout: { beforePrimary: 0, afterPrimary: 0 } }), 22);
    const tables = prodermTables(P);
    assert.ok(tables.ok);
    if (!tables.ok) return;
    const expected = tisResponderRate(tables.tables.tisIvig);
    let k = 0;
    let m = 0;
    for (let i = 0; i < c.n; i++) {
      if (c.arm[i] !== 1) continue;
      m++;
      if (c.measures.tis[i * 5 + 4] >= 20) k++;
    }
    assert.ok(Math.abs(k / m - expected) < 4 * Math.sqrt((expected * (1 - expected)) / m), `${k / m} vs ${expected}`);
  });

  it('effect overrides give the requested mean differences (paired potential outcomes, 4 MCSE + rounding)', () => {
    const p = params({ effectCdasiA: -5, effectCdasiD: -0.3, effectCutaneousVas: -1, effectExtramuscularVas: -0.8, effectMmt8: 6 });
    const d = potentialDifferences(p, 30000, 23);
    // The overrides are solved without the rounding of the recorded scores and (except CDASI-D) without their
    // ceilings; the allowance below is the largest bias that rounding to the score's grid can add.
    const allow = { cdasi_a: 0.1, cdasi_d: 0.02, cutaneous_vas: 0.03, extramuscular_vas: 0.03, mmt8: 0.1 };
    const want = { cdasi_a: -5, cdasi_d: -0.3, cutaneous_vas: -1, extramuscular_vas: -0.8, mmt8: 6 };
    for (const id of Object.keys(want) as (keyof typeof want)[]) {
      assert.ok(Math.abs(d[id].mean - want[id]) < 4 * d[id].se + allow[id], `${id}: ${d[id].mean.toFixed(3)} vs ${want[id]} (se ${d[id].se.toFixed(4)})`);
    }
  });

  it('the calibrated mean differences agree with populationEffects (paired potential outcomes)', () => {
    const d = potentialDifferences(P, 30000, 24);
    const e = populationEffects(P);
    const pairs: [string, number, number][] = [
      ['cdasi_a', e.cdasiA, 0.1],
      ['cdasi_d', e.cdasiD, 0.02],
      ['cutaneous_vas', e.cutaneousVas, 0.03],
      ['mmt8', e.mmt8, 0.1],
    ];
    for (const [id, expected, allow] of pairs) assert.ok(Math.abs(d[id].mean - expected) < 4 * d[id].se + allow, `${id}: ${d[id].mean} vs ${expected}`);
  });

  it('effect scale 0 is the exact null: IVIg and placebo potential outcomes coincide patient by patient', () => {
    const d = potentialDifferences(params({ effectScale: 0 }), 2000, 25);
    for (const id of Object.keys(d)) assert.equal(d[id].mean, 0);
  });

  it('the TIS responder override sets the IVIg rate of the compiled table', () => {
    const p = params({ tisResponderRateIvig: 0.6 });
    const t = prodermTables(p);
    assert.ok(t.ok && Math.abs(tisResponderRate(t.tables.tisIvig) - 0.6) < 1e-3);
  });
});

describe('resolveProdermParams — unit tests of the boundary', () => {
  it('the table covers every default, with defaults inside their ranges', () => {
    assert.deepEqual(PRODERM_PARAMS.map((p) => p.name).sort(), Object.keys(PRODERM_DEFAULTS).sort());
    for (const p of PRODERM_PARAMS) if (p.default !== null) assert.ok(p.default >= p.min && p.default <= p.max, p.name);
  });
  it('unknown names get a did-you-mean; bad values are refused', () => {
    const r = resolveProdermParams({ efectScale: 0.5, effectScale: -1, cdasiAIvigLogSdLow: 'x', tisResponderRateIvig: 0.7, effectCdasiA: null });
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.ok(r.errors.some((e) => e.includes("did you mean 'effectScale'")), r.errors.join('\n'));
    assert.ok(r.errors.some((e) => e.startsWith('model.params.effectScale: -1 is outside')));
    assert.ok(r.errors.some((e) => e.startsWith('model.params.cdasiAIvigLogSdLow: expected a number')));
    assert.equal(r.errors.length, 3);
  });
  it('correlations that are not positive definite are refused', () => {
    const r = resolveProdermParams({ changeCorrTisMmt8: 0.95, changeCorrTisCdasiA: 0.95, changeCorrMmt8CdasiA: -0.95 });
    assert.ok(!r.ok && r.errors.some((e) => e.includes('positive definite')));
  });
  it('an unreachable override is reported when compiling', () => {
    assert.throws(() => compileProderm(params({ effectCdasiA: -40 })), /negative mean IVIg score/);
  });
});

describe('ProDERM model — population values against the published figures (60,000 simulated patients)', () => {
  // z = (model - printed) / SE of the printed figure in a 95-patient trial; the Monte Carlo error of a
  // 60,000-patient population is about 4% of that SE, so z is the model's own misfit. Calibration targets were
  // fitted (bench/tune-model.ts) and must stay within 2 SE; held-out figures were never tuned to and are held
  // to 3 SE, a bound a wrong model would break (docs/model.md reports them).
  const { rows } = prodermCalibrationReport(P, { patients: 60000, seed: 99 });
  it('every calibration and external figure within 2 SE', () => {
    const bad = rows.filter((r) => r.kind !== 'validation' && !(Math.abs(r.z) < 2));
    assert.deepEqual(bad.map((r) => `${r.label}: ${r.model} vs ${r.target} (z ${r.z.toFixed(2)})`), []);
  });
  it('every held-out figure within 3 SE', () => {
    const bad = rows.filter((r) => r.kind === 'validation' && !(Math.abs(r.z) < 3));
    assert.deepEqual(bad.map((r) => `${r.label}: ${r.model} vs ${r.target} (z ${r.z.toFixed(2)})`), []);
    assert.ok(rows.filter((r) => r.kind === 'validation').length >= 20);
  });
});

describe('simulateTrial — unit', () => {
  it('is compileTrial(spec).simulate, compiled on every call', () => {
    const s = spec();
    const a = simulateTrial(s, streamFor(9, 0, 'patients'), streamFor(9, 0, 'allocation'));
    const b = compileTrial(s).simulate(streamFor(9, 0, 'patients'), streamFor(9, 0, 'allocation'));
    assert.deepEqual(a, b);
  });
});
