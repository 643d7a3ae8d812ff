import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accumulatorLayout, addRecord, emptyAccumulator, mergeInto, REASON_SLOTS } from '../../src/engine/accumulator.js';
import { A, S, buildLayout, REASON_CODES, reasonCode } from '../../src/engine/layout.js';
import { bias, empiricalSE, mean, proportion, rmse } from '../../src/engine/mcse.js';
import { summarize } from '../../src/engine/summarize.js';
import { truthVector, type Truth } from '../../src/engine/truth.js';
import { canonicalJson, hashOf } from '../../src/engine/identity.js';
import { createProgressReporter, progressText } from '../../src/engine/progress.js';
import { precisionReached } from '../../src/engine/stopping.js';
import { streamFor } from '../../src/random/stream.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';

const layout = buildLayout([
  { id: 'a', strata: ['s1', 's2'] },
  { id: 'b', strata: [] },
]);
const slots = accumulatorLayout(layout);
const truth: Truth = { a: { value: 0.3, se: 0.001, strata: { s1: { value: 0.2, se: 0 } } }, b: { value: -0.1, se: 0 } };
const tv = truthVector(truth, layout);
const family = [0, 1];

/** Random but reproducible records: some analyses and strata not estimable, one with an unknown reason code. */
function records(count: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const r = streamFor(7, i, 'records');
    const rec = new Float64Array(layout.width).fill(NaN);
    for (const an of layout.analyses) {
      const o = an.offset;
      if (r.uniform() < 0.8) {
        const e = 0.3 + 0.5 * r.normal();
        const se = 0.2 + 0.3 * r.uniform();
        rec[o + A.estimable] = 1;
        rec[o + A.reason] = -1;
        rec[o + A.estimate] = e;
        rec[o + A.se] = se;
        rec[o + A.ciLower] = e - 1.96 * se;
        rec[o + A.ciUpper] = e + 1.96 * se;
        rec[o + A.p] = r.uniform() < 0.05 ? NaN : r.uniform();
        rec[o + A.reject] = rec[o + A.p] < 0.6 ? 1 : 0;
        rec[o + A.rejectAdjusted] = rec[o + A.reject] === 1 && r.uniform() < 0.8 ? 1 : 0;
      } else {
        rec[o + A.estimable] = 0;
        rec[o + A.reason] = r.uniform() < 0.5 ? reasonCode(NOT_ESTIMABLE.singular) : 99;
        // Half of them have a test all the same (the interval alone is not estimable).
        rec[o + A.p] = r.uniform() < 0.5 ? r.uniform() : NaN;
        rec[o + A.reject] = rec[o + A.p] < 0.6 ? 1 : 0;
        rec[o + A.rejectAdjusted] = rec[o + A.reject];
      }
      const ie = r.uniform() < 0.9 ? 1 : 0;
      rec[o + A.interactionEstimable] = ie;
      rec[o + A.interactionReject] = ie === 1 && r.uniform() < 0.1 ? 1 : 0;
      for (const st of an.strata) {
        const so = st.offset;
        rec[so + S.n0] = Math.floor(10 * r.uniform());
        rec[so + S.n1] = Math.floor(10 * r.uniform());
        if (r.uniform() < 0.85) {
          const e = 0.2 + r.normal();
          const se = 0.5 + r.uniform();
          rec[so + S.estimable] = 1;
          rec[so + S.reason] = -1;
          rec[so + S.estimate] = e;
          rec[so + S.se] = se;
          rec[so + S.ciLower] = e - 1.96 * se;
          rec[so + S.ciUpper] = e + 1.96 * se;
          rec[so + S.excludesZero] = e - 1.96 * se > 0 || e + 1.96 * se < 0 ? 1 : 0;
        } else {
          rec[so + S.estimable] = 0;
          rec[so + S.reason] = reasonCode(NOT_ESTIMABLE.emptyGroup);
        }
      }
    }
    out.push(rec);
  }
  return out;
}

function accumulate(recs: readonly Float64Array[]): Float64Array {
  const acc = emptyAccumulator(slots);
  for (const r of recs) addRecord(acc, slots, layout, r, tv, family);
  return acc;
}

/** Two-pass mean and sum of squared deviations. */
function twoPass(xs: readonly number[]): { n: number; mean: number; m2: number } {
  const n = xs.length;
  const mu = xs.reduce((s, x) => s + x, 0) / n;
  return { n, mean: mu, m2: xs.reduce((s, x) => s + (x - mu) ** 2, 0) };
}

function assertClose(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function assertSameAccumulator(x: Float64Array, y: Float64Array, rel: number): void {
  for (let k = 0; k < slots.width; k++) {
    if (slots.kinds[k] === 2) assertClose(x[k], y[k], rel, `moment slot ${k}`);
    else assert.equal(x[k], y[k], `count slot ${k}`);
  }
}

describe('accumulator — unit tests against direct two-pass computation', () => {
  const recs = records(157);
  const acc = accumulate(recs);

  it('counts estimable, reasons (unknown codes apart), tests, rejections (estimable or not) and family-wise outcomes exactly', () => {
    layout.analyses.forEach((an, i) => {
      const s = slots.analyses[i];
      const est = recs.filter((r) => r[an.offset + A.estimable] === 1);
      const tested = recs.filter((r) => !Number.isNaN(r[an.offset + A.p]));
      assert.equal(acc[s.estimable], est.length);
      assert.equal(acc[s.tested], tested.length);
      assert.ok(tested.some((r) => r[an.offset + A.estimable] === 0), 'the fixture has tests without an interval');
      assert.equal(acc[s.reject], recs.filter((r) => r[an.offset + A.reject] === 1).length);
      assert.equal(acc[s.rejectAdjusted], recs.filter((r) => r[an.offset + A.rejectAdjusted] === 1).length);
      const notEst = recs.filter((r) => r[an.offset + A.estimable] === 0);
      const singular = notEst.filter((r) => r[an.offset + A.reason] === reasonCode(NOT_ESTIMABLE.singular)).length;
      const unknown = notEst.filter((r) => r[an.offset + A.reason] === 99).length;
      assert.equal(acc[s.reasons + reasonCode(NOT_ESTIMABLE.singular)], singular);
      assert.equal(acc[s.reasons + REASON_SLOTS - 1], unknown);
      assert.equal(singular + unknown + est.length, recs.length);
      let untested = 0;
      for (let k = 0; k < REASON_SLOTS; k++) untested += acc[s.untestedReasons + k];
      assert.equal(untested + tested.length, recs.length);
    });
    const rej = (r: Float64Array, an: (typeof layout.analyses)[number]): boolean => r[an.offset + A.rejectAdjusted] === 1;
    assert.equal(acc[slots.familyN], recs.length);
    assert.equal(acc[slots.familyExcluded], recs.filter((r) => layout.analyses.some((an) => Number.isNaN(r[an.offset + A.p]))).length);
    assert.equal(acc[slots.familyAny], recs.filter((r) => layout.analyses.some((an) => rej(r, an))).length);
    assert.equal(acc[slots.familyAll], recs.filter((r) => layout.analyses.every((an) => rej(r, an))).length);
    assert.equal(acc[slots.replicates], recs.length);
  });

  it('Welford moments equal two-pass mean and M2 (1e-12 relative)', () => {
    layout.analyses.forEach((an, i) => {
      const s = slots.analyses[i];
      const est = recs.filter((r) => r[an.offset + A.estimable] === 1);
      const checks: [number, number[]][] = [
        [s.estimate, est.map((r) => r[an.offset + A.estimate])],
        [s.se, est.map((r) => r[an.offset + A.se])],
        [s.ciWidth, est.map((r) => r[an.offset + A.ciUpper] - r[an.offset + A.ciLower])],
        [s.squaredError, est.map((r) => (r[an.offset + A.estimate] - tv.analyses[i]) ** 2)],
      ];
      for (const [at, xs] of checks) {
        const t = twoPass(xs);
        assert.equal(acc[at], t.n);
        assertClose(acc[at + 1], t.mean, 1e-12, 'mean');
        assertClose(acc[at + 2], t.m2, 1e-12, 'M2');
      }
    });
    const an = layout.analyses[0];
    const st = an.strata[1];
    const ss = slots.analyses[0].strata[1];
    const t = twoPass(recs.map((r) => r[st.offset + S.n1]));
    assert.equal(acc[ss.n1], recs.length, 'patients per arm counted in every replicate');
    assertClose(acc[ss.n1 + 1], t.mean, 1e-12, 'mean n1');
  });

  it('merge(acc(A), acc(B)) = acc(A ∪ B): counts exactly, moments to 1e-12; merging into empty copies exactly', () => {
    for (const cut of [1, 20, 100, 156]) {
      const merged = accumulate(recs.slice(0, cut));
      mergeInto(merged, accumulate(recs.slice(cut)), slots);
      assertSameAccumulator(merged, acc, 1e-12);
    }
    const copy = emptyAccumulator(slots);
    mergeInto(copy, acc, slots);
    assert.deepEqual(Array.from(copy), Array.from(acc));
  });

  it('summarize: measures equal their formulas on the raw records', () => {
    const oc = summarize(acc, layout, truth, null, 'alternative');
    const a = oc.analyses[0];
    const est = recs.filter((r) => r[A.estimable] === 1);
    const xs = est.map((r) => r[A.estimate]);
    const t = twoPass(xs);
    const n = t.n;
    const sd = Math.sqrt(t.m2 / (n - 1));
    assertClose(a.estimation.meanEstimate.estimate ?? NaN, t.mean, 1e-12, 'mean');
    assertClose(a.estimation.bias?.estimate ?? NaN, t.mean - 0.3, 1e-12, 'bias');
    // The truth's own SE (0.001) is part of the bias' MCSE.
    assertClose(a.estimation.bias?.mcse ?? NaN, Math.sqrt((sd * sd) / n + 0.001 * 0.001), 1e-12, 'bias mcse');
    assertClose(a.estimation.empiricalSE.estimate ?? NaN, sd, 1e-12, 'empSE');
    assertClose(a.estimation.empiricalSE.mcse ?? NaN, sd / Math.sqrt(2 * (n - 1)), 1e-12, 'empSE mcse');
    const sq = xs.map((x) => (x - 0.3) ** 2);
    const mse = twoPass(sq);
    assertClose(a.estimation.rmse?.estimate ?? NaN, Math.sqrt(mse.mean), 1e-12, 'rmse');
    assertClose(a.estimation.rmse?.mcse ?? NaN, Math.sqrt(mse.m2 / (n * (n - 1))) / (2 * Math.sqrt(mse.mean)), 1e-12, 'rmse mcse');
    const covered = est.filter((r) => r[A.ciLower] <= 0.3 && 0.3 <= r[A.ciUpper]).length;
    assert.equal(a.estimation.coverage?.estimate, covered / n);
    // Coverage MCSE: binomial, widened by the coverage's change when the truth moves by its own SE (0.001).
    const at = (t: number): number => est.filter((r) => r[A.ciLower] <= t && t <= r[A.ciUpper]).length;
    const delta = (at(0.301) - at(0.299)) / (2 * n);
    assertClose(a.estimation.coverage?.mcse ?? NaN, Math.sqrt(((covered / n) * (1 - covered / n)) / n + delta * delta), 1e-12, 'coverage mcse');
    assert.deepEqual(a.estimation.coverageTruthShift, { minusSE: at(0.299) / n, plusSE: at(0.301) / n });
    // Rejection rates: a share of every replicate, estimable or not.
    assert.equal(a.rejection.unadjusted.estimate, recs.filter((r) => r[A.reject] === 1).length / recs.length);
    assert.equal(a.rejection.unadjusted.n, recs.length);
    assert.deepEqual(a.estimation.truth, { value: 0.3, se: 0.001 });
    const notEst = recs.filter((r) => r[A.estimable] === 0);
    assert.deepEqual(a.notEstimable.reasons, {
      [NOT_ESTIMABLE.singular]: notEst.filter((r) => r[A.reason] === reasonCode(NOT_ESTIMABLE.singular)).length,
      'unknown reason': notEst.filter((r) => r[A.reason] === 99).length,
    });
    assert.equal(a.notEstimable.share, notEst.length / recs.length);
    // Stratum s1 has a truth, s2 has none: no coverage or bias claimed there.
    const s1 = a.strata[0];
    const s2 = a.strata[1];
    assert.equal(s2.coverage, null);
    assert.equal(s2.bias, null);
    const so = layout.analyses[0].strata[0].offset;
    const sEst = recs.filter((r) => r[so + S.estimable] === 1);
    assert.equal(s1.estimable, sEst.length);
    assert.equal(s1.coverage?.estimate, sEst.filter((r) => r[so + S.ciLower] <= 0.2 && 0.2 <= r[so + S.ciUpper]).length / sEst.length);
    assert.equal(s1.ciExcludesZero.estimate, sEst.filter((r) => r[so + S.excludesZero] === 1).length / sEst.length);
    assertClose(s1.meanCIHalfWidth.estimate ?? NaN, twoPass(sEst.map((r) => (r[so + S.ciUpper] - r[so + S.ciLower]) / 2)).mean, 1e-12, 'half width');
    assert.equal(oc.analyses[1].interaction, null, 'no strata, no interaction test');
    assert.equal(a.interaction?.estimable, recs.filter((r) => r[A.interactionEstimable] === 1).length);
    // Every replicate counts in the family-wise rates; those with a family analysis untested are counted apart.
    assert.equal(oc.familyWise.any.n, recs.length);
    assert.ok(oc.familyWise.untested <= recs.length);
  });
});

describe('Monte Carlo SE formulas — unit tests against hand computation (Morris et al. 2019, Table 6)', () => {
  // Three estimates 1, 2, 4 of a truth 2: mean 7/3, M2 14/3; squared errors 1, 0, 4: mean 5/3, M2 26/3.
  it('bias, empirical SE, RMSE and their MCSEs', () => {
    const b = bias(3, 7 / 3, 14 / 3, 2);
    assertClose(b.estimate ?? NaN, 1 / 3, 1e-15, 'bias');
    assertClose(b.mcse ?? NaN, Math.sqrt(7 / 9), 1e-15, 'bias mcse');
    const e = empiricalSE(3, 14 / 3);
    assertClose(e.estimate ?? NaN, Math.sqrt(7 / 3), 1e-15, 'empSE');
    assertClose(e.mcse ?? NaN, Math.sqrt(7 / 3) / 2, 1e-15, 'empSE mcse');
    const r = rmse(3, 5 / 3, 26 / 3);
    assertClose(r.estimate ?? NaN, Math.sqrt(5 / 3), 1e-15, 'rmse');
    assertClose(r.mcse ?? NaN, Math.sqrt(13 / 9) / (2 * Math.sqrt(5 / 3)), 1e-15, 'rmse mcse');
  });

  it('proportions; too few replicates give null, never NaN', () => {
    assert.deepEqual(proportion(30, 100), { estimate: 0.3, mcse: Math.sqrt(0.21 / 100), n: 100 });
    assert.deepEqual(proportion(0, 0), { estimate: null, mcse: null, n: 0 });
    assert.deepEqual(mean(1, 5, 0), { estimate: 5, mcse: null, n: 1 });
    assert.deepEqual(empiricalSE(1, 0), { estimate: null, mcse: null, n: 1 });
  });

  it('the same numbers come out of addRecord + summarize', () => {
    const l = buildLayout([{ id: 'x', strata: [] }]);
    const sl = accumulatorLayout(l);
    const acc = emptyAccumulator(sl);
    const t = truthVector({ x: { value: 2, se: 0 } }, l);
    for (const x of [1, 2, 4]) {
      const rec = new Float64Array(l.width).fill(NaN);
      rec[A.estimable] = 1;
      rec[A.estimate] = x;
      rec[A.se] = 1;
      rec[A.ciLower] = x - 1.5;
      rec[A.ciUpper] = x + 1.5;
      rec[A.p] = 1 / x;
      rec[A.reject] = x > 1 ? 1 : 0;
      rec[A.rejectAdjusted] = x > 3 ? 1 : 0;
      addRecord(acc, sl, l, rec, t, [0]);
    }
    const e = summarize(acc, l, { x: { value: 2, se: 0 } }, null, 'alternative').analyses[0];
    assertClose(e.estimation.bias?.mcse ?? NaN, Math.sqrt(7 / 9), 1e-15, 'bias mcse');
    assertClose(e.estimation.rmse?.estimate ?? NaN, Math.sqrt(5 / 3), 1e-15, 'rmse');
    assert.equal(e.estimation.coverage?.estimate, 2 / 3); // 4 ± 1.5 misses 2
    assert.equal(e.rejection.unadjusted.estimate, 2 / 3);
    assert.equal(e.rejection.adjusted.estimate, 1 / 3);
    assert.equal(e.estimation.meanModelSE.mcse, 0);
  });

  it('precision rule: fires only when every reported power has MCSE ≤ target and enough replicates ran', () => {
    const l = buildLayout([{ id: 'x', strata: [] }]);
    const sl = accumulatorLayout(l);
    const acc = emptyAccumulator(sl);
    acc[sl.replicates] = 400;
    acc[sl.analyses[0].estimable] = 400;
    acc[sl.analyses[0].rejectAdjusted] = 200; // MCSE 0.025
    acc[sl.familyN] = 400;
    acc[sl.familyAny] = 200;
    acc[sl.familyAll] = 200;
    assert.equal(precisionReached(acc, sl, { targetMcse: 0.025, minReplicates: 0 }), true);
    assert.equal(precisionReached(acc, sl, { targetMcse: 0.0249, minReplicates: 0 }), false);
    assert.equal(precisionReached(acc, sl, { targetMcse: 0.025, minReplicates: 401 }), false);
    acc[sl.familyN] = 0; // a power without replicates has no MCSE: not reached
    assert.equal(precisionReached(acc, sl, { targetMcse: 0.5, minReplicates: 0 }), false);
  });

  it('REASON_CODES labels every reason of src/stats/result.ts', () => {
    assert.equal(REASON_SLOTS, REASON_CODES.length + 1);
    assert.equal(REASON_CODES.length, Object.keys(NOT_ESTIMABLE).length);
  });
});

describe('run identity — unit tests', () => {
  it('canonical JSON ignores key order, keeps array order, spells out NaN and typed arrays', () => {
    assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: NaN }] }), canonicalJson({ a: [1, { c: NaN, d: 2 }], b: 1 }));
    assert.equal(canonicalJson({ a: Float64Array.of(1, 2) }), canonicalJson({ a: [1, 2] }));
    assert.notEqual(hashOf({ a: NaN }), hashOf({ a: null }));
    assert.notEqual(hashOf([1, 2]), hashOf([2, 1]));
    assert.notEqual(hashOf({ seed: 1 }), hashOf({ seed: 2 }));
  });
});

describe('progress — unit tests with a fake clock and stream', () => {
  it('plain lines when not a terminal, at the line interval, with rate and ETA', () => {
    const lines: string[] = [];
    let t = 0;
    const p = createProgressReporter({ stream: { write: (s: string) => lines.push(s), isTTY: false }, now: () => t, lineInterval: 10_000 });
    p.start(1000, 0);
    t = 5000;
    p.update(250);
    assert.equal(lines.length, 0);
    t = 10_000;
    p.update(500);
    assert.deepEqual(lines, ['trialsim: 500/1,000 replicates (50.0%)  50/s  ETA 0:10\n']);
    p.finish(1000);
    assert.equal(lines.length, 2);
  });

  it('a bar redrawn in place on a terminal (cli-progress), with the same counts, rate and ETA; one newline, at the end', () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgressReporter({ stream: { write: (s: string) => out.push(s), isTTY: true, columns: 120 }, now: () => t });
    p.start(200, 100);
    assert.match(out.join(''), /trialsim \[#{20}\.{20}\] 100\/200 replicates \(50\.0%\) {2}0\/s {2}ETA --:--/);
    t = 1000;
    p.update(150);
    assert.ok(!out.join('').includes('\n'), 'no newline while running');
    p.finish(150);
    const lines = out.filter((s) => s.includes('replicates'));
    assert.match(lines[lines.length - 1], /^trialsim \[#{30}\.{10}\] 150\/200 replicates \(75\.0%\) {2}50\/s {2}ETA 0:01$/);
    assert.ok(out.join('').endsWith('\n'), 'the finished bar keeps its line');
    assert.equal(progressText(0, 10, 0, 0), '0/10 replicates (0.0%)  0/s  ETA --:--');
  });
});
