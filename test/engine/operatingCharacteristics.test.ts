// Operating characteristics of the test kernel (two-sample z tests with known
// sigma) against their closed forms, with tolerances of 4 Monte Carlo SEs.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { runDesign, runDesigns } from '../../src/engine/run.js';
import type { DesignResult, RunResult } from '../../src/engine/runResult.js';
import type { Metric } from '../../src/engine/mcse.js';
import { resultJson } from '../../src/engine/runResult.js';
import { pnorm, qnorm } from '../../src/stats/distributions/normal.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import { nullOf } from './normalKernel.js';
import { designOptions, normalSpec, STRATA, truthOf } from './helpers.js';

const R = 4000;
const N = 30;
const ALPHA = 0.05;
const SE = Math.sqrt(2 / N); // sigma = 1

/** Two-sided z-test power: Φ(δ/se − z_{α/2}) + Φ(−δ/se − z_{α/2}). */
function zPower(delta: number, alpha: number): number {
  const z = qnorm(1 - alpha / 2);
  return pnorm(delta / SE - z) + pnorm(-delta / SE - z);
}

/** |p̂ − p| ≤ 4·√(p(1 − p)/n). */
function assertShare(m: Metric, p: number, what: string): void {
  assert.ok(m.estimate !== null, `${what}: no estimate`);
  const tol = 4 * Math.sqrt((p * (1 - p)) / m.n);
  assert.ok(Math.abs(m.estimate - p) <= tol, `${what}: ${m.estimate} vs closed form ${p} (tolerance ${tol}, n ${m.n})`);
}

function assertWithin(x: number | null, expected: number, tol: number, what: string): void {
  assert.ok(x !== null && Math.abs(x - expected) <= tol, `${what}: ${x} vs ${expected} (tolerance ${tol})`);
}

describe('operating characteristics — tested against closed forms (z test, known sigma), 4·MCSE tolerances', () => {
  // y2 is not estimable, and has no test (reason tooFew), in every replicate
  // with index % 10 = 3: those count as not rejecting, so its rates are 9/10
  // of the z test's (TESTED).
  const TESTED = 0.9;
  const spec = normalSpec({ notEstimable: { analysis: 'y2', modulo: 10, remainder: 3 } });
  let result: RunResult;
  let d: DesignResult;
  before(async () => {
    result = await runDesign(designOptions(spec, { replicates: R, blockSize: 100, workers: 2 }));
    d = result.designs[0];
  });

  it('power per analysis, unadjusted at α and after Bonferroni at α/2', () => {
    const [y1, y2] = d.alternative.analyses;
    assertShare(y1.rejection.unadjusted, zPower(0.6, ALPHA), 'y1 power');
    assertShare(y1.rejection.adjusted, zPower(0.6, ALPHA / 2), 'y1 adjusted power');
    assertShare(y2.rejection.unadjusted, TESTED * zPower(0.4, ALPHA), 'y2 power');
    assertShare(y2.rejection.adjusted, TESTED * zPower(0.4, ALPHA / 2), 'y2 adjusted power');
  });

  it('family-wise: disjunctive 1 − (1 − p₁)(1 − p₂) and conjunctive p₁p₂ (independent outcomes)', () => {
    const p1 = zPower(0.6, ALPHA / 2);
    const p2 = TESTED * zPower(0.4, ALPHA / 2);
    const fw = d.alternative.familyWise;
    assert.deepEqual(fw.analyses, ['y1', 'y2']);
    assertShare(fw.any, 1 - (1 - p1) * (1 - p2), 'disjunctive power');
    assertShare(fw.all, p1 * p2, 'conjunctive power');
  });

  it('type I error under the null run: α unadjusted, α/2 adjusted, FWER 1 − (1 − α/2)²', () => {
    const nul = d.null;
    assert.ok(nul !== null);
    assert.equal(nul.kind, 'null');
    for (const a of nul.analyses) {
      const tested = a.id === 'y2' ? TESTED : 1;
      assertShare(a.rejection.unadjusted, tested * ALPHA, `${a.id} type I error`);
      assertShare(a.rejection.adjusted, (tested * ALPHA) / 2, `${a.id} adjusted type I error`);
      assertShare(a.estimation.coverage ?? { estimate: null, mcse: null, n: 0 }, 0.95, `${a.id} null coverage`);
    }
    assertShare(nul.familyWise.any, 1 - (1 - ALPHA / 2) * (1 - (TESTED * ALPHA) / 2), 'FWER');
    assertShare(nul.familyWise.all, ((ALPHA / 2) * TESTED * ALPHA) / 2, 'conjunctive under null');
  });

  it('estimation: bias ≈ 0, empirical SE ≈ model SE = σ√(2/n), RMSE ≈ SE, 95% coverage, CI width 2·z·SE', () => {
    for (const a of d.alternative.analyses) {
      const e = a.estimation;
      const n = e.meanEstimate.n;
      assert.deepEqual(e.truth, { value: a.id === 'y1' ? 0.6 : 0.4, se: 0 });
      assertWithin(e.bias?.estimate ?? null, 0, (4 * SE) / Math.sqrt(n), `${a.id} bias`);
      assertWithin(e.empiricalSE.estimate, SE, (4 * SE) / Math.sqrt(2 * (n - 1)), `${a.id} empirical SE`);
      assertWithin(e.rmse?.estimate ?? null, SE, (4 * SE) / Math.sqrt(2 * n), `${a.id} RMSE`);
      assertShare(e.coverage ?? { estimate: null, mcse: null, n: 0 }, 0.95, `${a.id} coverage`);
      // Known sigma: the model SE and the CI width are the same in every replicate.
      assertWithin(e.meanModelSE.estimate, SE, 1e-12, `${a.id} mean model SE`);
      assertWithin(e.meanCIWidth.estimate, 2 * qnorm(0.975) * SE, 1e-12, `${a.id} CI width`);
      // The reported MCSEs are the theoretical ones, to their own precision (4/√(2n) relative).
      assertWithin(e.bias?.mcse ?? null, SE / Math.sqrt(n), ((4 / Math.sqrt(2 * n)) * SE) / Math.sqrt(n), `${a.id} bias MCSE`);
    }
  });

  it('not estimable: counted with its reason, excluded from that analysis’ estimation, counted as not rejecting in power and the family', () => {
    const y2 = d.alternative.analyses[1];
    const skipped = R / 10;
    assert.equal(y2.estimable, R - skipped);
    assert.deepEqual(y2.notEstimable, { count: skipped, share: 0.1, reasons: { [NOT_ESTIMABLE.tooFew]: skipped }, mainReason: NOT_ESTIMABLE.tooFew });
    assert.deepEqual(y2.untested, { count: skipped, share: 0.1, reasons: { [NOT_ESTIMABLE.tooFew]: skipped }, mainReason: NOT_ESTIMABLE.tooFew });
    assert.equal(y2.rejection.adjusted.n, R);
    assert.equal(y2.estimation.meanEstimate.n, R - skipped);
    assert.equal(d.alternative.familyWise.untested, skipped);
    assert.equal(d.alternative.familyWise.any.n, R);
    assert.equal(d.alternative.analyses[0].notEstimable.count, 0);
    assert.ok(!resultJson(result).includes('NaN'));
  });

  it('strata: mean patients per arm n·π, 95% coverage, CI half-width = z·mean SE, rare stratum not estimable as often as (1 − π)ⁿ predicts', () => {
    for (const a of d.alternative.analyses) {
      a.strata.forEach((s, j) => {
        const pi = STRATA[j].prob;
        const sdN = Math.sqrt(N * pi * (1 - pi));
        assertWithin(s.meanN.control.estimate, N * pi, (4 * sdN) / Math.sqrt(R), `${a.id}/${s.label} mean n control`);
        assertWithin(s.meanN.treatment.estimate, N * pi, (4 * sdN) / Math.sqrt(R), `${a.id}/${s.label} mean n treatment`);
        assert.equal(s.meanN.control.n, R, 'counted in every replicate');
        assertShare(s.coverage ?? { estimate: null, mcse: null, n: 0 }, 0.95, `${a.id}/${s.label} coverage`);
        assertWithin(s.meanCIHalfWidth.estimate, qnorm(0.975) * (s.meanModelSE.estimate ?? NaN), 1e-12, `${a.id}/${s.label} half-width`);
        assertWithin(s.bias?.estimate ?? null, 0, 4 * (s.meanEstimate.mcse ?? NaN), `${a.id}/${s.label} bias`);
      });
      const rare = a.strata[3];
      const pEstimable = (1 - (1 - STRATA[3].prob) ** N) ** 2;
      assertShare({ estimate: rare.estimable / R, mcse: null, n: R }, pEstimable, `${a.id} rare stratum estimable`);
      assert.deepEqual(Object.keys(rare.notEstimable.reasons), [NOT_ESTIMABLE.emptyGroup]);
      assert.equal(rare.estimable + rare.notEstimable.count, R);
    }
  });

  it('strata under the null: CI excludes zero in 5%; interaction test (Cochran Q, exact χ²) rejects at α in both runs', () => {
    const nul = d.null;
    assert.ok(nul !== null);
    for (const a of nul.analyses) {
      for (const s of a.strata) assertShare(s.ciExcludesZero, ALPHA, `${a.id}/${s.label} excludes zero under null`);
      assertShare(a.interaction?.rejection ?? { estimate: null, mcse: null, n: 0 }, ALPHA, `${a.id} interaction, null`);
    }
    for (const a of d.alternative.analyses) {
      assertShare(a.interaction?.rejection ?? { estimate: null, mcse: null, n: 0 }, ALPHA, `${a.id} interaction, homogeneous effect`);
      assert.equal((a.interaction?.estimable ?? 0) + (a.interaction?.notEstimable ?? 0), R);
    }
  });
});

describe('common random numbers — the same replicate index draws the same numbers in every design and in the null', () => {
  it('designs differing only in δ differ in mean estimate by exactly Δδ and have equal empirical SEs; their nulls coincide', async () => {
    const a = normalSpec();
    const b = normalSpec({ outcomes: [{ id: 'y1', delta: 0.8 }, { id: 'y2', delta: 0.4 }] });
    const run = await runDesigns({
      ...designOptions(a, { replicates: 1000, workers: 2, taskBlocks: 3 }),
      designs: [
        { id: 'a', spec: a, nullSpec: nullOf, truth: truthOf(a) },
        { id: 'b', spec: b, nullSpec: nullOf, truth: truthOf(b) },
      ],
    });
    const [ra, rb] = run.designs;
    const ea = ra.alternative.analyses[0].estimation;
    const eb = rb.alternative.analyses[0].estimation;
    assertWithin((eb.meanEstimate.estimate ?? NaN) - (ea.meanEstimate.estimate ?? NaN), 0.2, 1e-12, 'Δ mean estimate');
    assertWithin(eb.empiricalSE.estimate, ea.empiricalSE.estimate ?? NaN, 1e-12, 'empirical SE');
    assert.deepEqual(ra.null, rb.null);
    // The null's estimates are the design's shifted by δ, replicate by replicate.
    assertWithin(
      (ea.meanEstimate.estimate ?? NaN) - (ra.null?.analyses[0].estimation.meanEstimate.estimate ?? NaN),
      0.6,
      1e-12,
      'design − null',
    );
    // A design in a sweep gives the same numbers as the design run alone.
    const alone = await runDesign(designOptions(b, { id: 'b', replicates: 1000, nullSpec: nullOf, truth: truthOf(b), nullTruth: undefined }));
    assert.equal(JSON.stringify(alone.designs[0]), JSON.stringify(rb));
  });
});
