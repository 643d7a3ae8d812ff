// One simulated trial → one replicate record (src/engine/layout.ts): per
// analysis the treatment − control estimate, SE, CI, p and rejections, per
// baseline stratum the within-stratum estimate, and the arm × stratum test;
// then the multiplicity procedure over the family's p-values.
//
// Estimates by method (docs/analysis.md has the estimands):
//   ancova                 LS-mean difference (emmeans), its t test
//   ttest / welch          mean difference, pooled / Welch t test
//   wilcoxon               mean difference with the pooled-t SE and CI; p of the rank-sum test
//   responder_*            risk difference (Wald SE and CI; Newcombe's CI for
//                          responder_newcombe; Mantel–Haenszel with Sato's SE
//                          over the randomization strata for responder_cmh),
//                          p from the named test
//
// One-sided p-values ('less' / 'greater', the direction of benefit) come from
// the two-sided p and the sign of the estimate: exact for the t, z and
// uncorrected chi-square tests (X² = z²), a close approximation with a
// continuity correction (Yates, Wilcoxon); Fisher's test is run one-sided.
// CIs stay two-sided at the analysis' ciLevel.
//
// Direction: `reject` and `rejectAdjusted` are rejections towards the
// analysis' benefit (spec.benefit), the only ones power counts; a two-sided
// test that rejects with the observed difference on the other side writes
// `rejectHarm` instead (the record's tail, layout.ts). The multiplicity
// procedure that decides `rejectAdjusted` is directional: a harmful-side
// result enters it as p = 1 (it neither rejects nor passes alpha on);
// `rejectHarmAdjusted` is judged by the procedure on the two-sided p-values.
import { A, P, S, T, reasonCode, type AnalysisLayout } from '../engine/layout.js';
import { ancovaDifference, ancovaInteractionTest } from '../stats/ancova.js';
import { cochranMantelHaenszel } from '../stats/cochranMantelHaenszel.js';
import { fisherExact } from '../stats/fisherExact.js';
import { mantelHaenszelRiskDifference } from '../stats/mantelHaenszelRiskDifference.js';
import { bonferroni, fixedSequence, graphicalTest, hochberg, holm, type MultiplicityResult } from '../stats/multiplicity/index.js';
import { pearsonChiSquare } from '../stats/pearsonChiSquare.js';
import { NOT_ESTIMABLE, notEstimable, type NotEstimableReason, type StatResult } from '../stats/result.js';
import { riskDifference } from '../stats/riskDifference.js';
import { twoSampleT } from '../stats/twoSampleT.js';
import { wilcoxonRankSum } from '../stats/wilcoxonRankSum.js';
import type { AnalysisPlan } from './analysisPlan.js';
import type { Cohort } from '../model/cohort.js';
import { baselineOf, deriveByRules } from './endpoint.js';
import { deriveEstimand, estimandVisits } from './estimand.js';
import { mmrmBuffers, mmrmDifference } from './mmrmAnalysis.js';
import { isResponderMethod, type AnalysisSpec, type Sidedness } from './spec.js';
import { stratumOf } from './strata.js';
import { MAX_RANDOMIZATION_STRATA, cellBuffer, quantilesAt, type Workspace } from './workspace.js';

/** One-sided p from a two-sided p of a test symmetric in the estimate's sign. */
export function sidedP(pTwoSided: number, direction: number, sidedness: Sidedness): number {
  if (sidedness === 'two_sided' || pTwoSided !== pTwoSided) return pTwoSided;
  const half = pTwoSided / 2;
  const towardsBenefit = sidedness === 'less' ? direction < 0 : direction > 0;
  return towardsBenefit ? half : 1 - half;
}

/**
 * What the estimators read: one row per patient (arrays of length >= n). A
 * simulated trial gives it through deriveEndpoint (deriveByRules); the truth computation
 * gives the same view of a very large population.
 */
export interface AnalysisData {
  readonly n: number;
  readonly arm: Uint8Array;
  /** Randomization stratum (CMH; the ANCOVA stratum factor). */
  readonly stratum: Uint8Array;
  /** Endpoint per patient, NaN = not analysed. */
  readonly y: Float64Array;
  /** Its baseline. */
  readonly base: Float64Array;
  /** Baseline of the strata measure (the same array as `base` when it is the endpoint's), or null when that measure is absent. */
  readonly strataBase: Float64Array | null;
  /** MMRM: the outcome at each post-baseline visit up to the week, y[i * nVisits + j], and the baselines it is adjusted for. */
  readonly visits?: { readonly y: Float64Array; readonly base: Float64Array; readonly nVisits: number };
}

/** What one analysis reduces to before it is written. */
interface Outcome {
  /** The estimate, its SE and interval. */
  result: StatResult;
  /** The test's p after sidedness: NaN when the test is not defined, whether or not `result` is estimable. */
  p: number;
  /** Why there is no test although `result` is estimable. */
  testReason?: NotEstimableReason;
  /** The sign of the observed treatment − control difference the test saw (NaN when there is none): the side a two-sided rejection is on. */
  direction: number;
}

function failure(reason: NotEstimableReason, n: number): Outcome {
  return { result: notEstimable(reason, n), p: NaN, direction: NaN };
}

/** The first n entries: the array itself when that is all of it (the usual case: a subarray is an allocation, ~25 ns). */
function firstN<T extends Float64Array | Uint8Array>(a: T, n: number): T {
  return a.length === n ? a : (a.subarray(0, n) as T);
}

/** Copy the analysed values of each arm into the packed group buffers; returns [n1, n0]. */
function splitByArm(y: Float64Array, arm: Uint8Array, n: number, ws: Workspace): [number, number] {
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== v) continue;
    if (arm[i] === 1) ws.group1[n1++] = v;
    else ws.group0[n0++] = v;
  }
  return [n1, n0];
}

function continuous(spec: AnalysisSpec, cohort: AnalysisData, ws: Workspace): Outcome {
  const n = cohort.n;
  const level = spec.ciLevel;
  if (spec.method === 'mmrm') return mmrmOutcome(spec, cohort, ws);
  if (spec.method === 'ancova') {
    let stratum: Uint8Array | undefined;
    if (spec.covariates.includes('stratum')) {
      let k = 0;
      for (let i = 0; i < n; i++) if (cohort.stratum[i] + 1 > k) k = cohort.stratum[i] + 1;
      // A single randomization stratum in this trial: the factor has one
      // level and adds nothing (R's lm would refuse the contrast), so it is left out.
      if (k >= 2) stratum = firstN(cohort.stratum, n);
    }
    // Only the difference is read: not the coefficient table, the LS means or their tests.
    const d = ancovaDifference({
      y: firstN(cohort.y, n),
      arm: firstN(cohort.arm, n),
      baseline: firstN(cohort.base, n),
      stratum,
      level,
      quantiles: quantilesAt(ws, level),
    });
    return { result: d, p: sidedP(d.p, d.estimate, spec.sidedness), direction: d.estimate };
  }
  const [n1, n0] = splitByArm(cohort.y, cohort.arm, n, ws);
  const g1 = ws.group1.subarray(0, n1);
  const g0 = ws.group0.subarray(0, n0);
  if (spec.method === 'wilcoxon') {
    const diff = twoSampleT(g1, g0, { pooled: true, level, quantiles: quantilesAt(ws, level), pValue: false });
    // The rank-sum test stands without the interval (two arms of constant, different values).
    const w = wilcoxonRankSum(g1, g0);
    const shift = w.estimate - (n1 * n0) / 2;
    return withTest(diff, w, w.estimable ? sidedP(w.p, shift, spec.sidedness) : NaN, shift);
  }
  const t = twoSampleT(g1, g0, { pooled: spec.method === 'ttest', level, quantiles: quantilesAt(ws, level) });
  return { result: t, p: sidedP(t.p, t.estimate, spec.sidedness), direction: t.estimate };
}

/** The MMRM's LS-mean difference at the week (its data in `data.visits`). */
function mmrmOutcome(spec: AnalysisSpec, data: AnalysisData, ws: Workspace): Outcome {
  if (data.visits === undefined) return failure(NOT_ESTIMABLE.badInput, 0);
  const d = mmrmDifference(spec, data, data.visits, ws);
  return { result: d, p: sidedP(d.p, d.estimate, spec.sidedness), direction: d.estimate };
}

function responder(spec: AnalysisSpec, cohort: AnalysisData, ws: Workspace): Outcome {
  const n = cohort.n;
  const y = cohort.y;
  const arm = cohort.arm;
  let x1 = 0;
  let n1 = 0;
  let x0 = 0;
  let n0 = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== v) continue;
    // Counts of 0/1 values: exact sums, without a branch on the random arm.
    const treated = +(arm[i] === 1);
    n1 += treated;
    x1 += treated * v;
    n0 += 1 - treated;
    x0 += (1 - treated) * v;
  }
  const level = spec.ciLevel;
  const sided = spec.sidedness;
  if (spec.method === 'responder_cmh') {
    let k = 0;
    for (let i = 0; i < n; i++) if (cohort.stratum[i] + 1 > k) k = cohort.stratum[i] + 1;
    if (k > MAX_RANDOMIZATION_STRATA) return failure(NOT_ESTIMABLE.badInput, n1 + n0);
    const tables = ws.tables.subarray(0, 4 * k);
    tables.fill(0);
    for (let i = 0; i < n; i++) {
      const v = y[i];
      if (v !== v) continue;
      // [[a, b], [c, d]]: rows treatment, control; columns responder, non-responder.
      tables[4 * cohort.stratum[i] + (arm[i] === 1 ? 0 : 2) + (v === 1 ? 0 : 1)] += 1;
    }
    // The test first: it is defined on tables where Sato's SE is 0 (perfect
    // separation), and its p stands whether or not the interval does.
    const rd = mantelHaenszelRiskDifference(tables, k, { level });
    const test = cochranMantelHaenszel(tables, k, { correct: false });
    const direction = rd.estimable ? rd.estimate : (x1 / Math.max(n1, 1)) - (x0 / Math.max(n0, 1));
    return withTest(rd, test, test.estimable ? sidedP(test.p, direction, sided) : NaN, direction);
  }
  const wald = riskDifference(x1, n1, x0, n0, { method: 'wald', level });
  // The sign of the observed difference, for one-sided p's when the Wald SE is 0.
  const direction = n1 > 0 && n0 > 0 ? x1 / n1 - x0 / n0 : NaN;
  switch (spec.method) {
    case 'responder_wald':
      // The z test is the interval's own: no SE, no test.
      return { result: wald, p: wald.estimable ? sidedP(wald.p, wald.estimate, sided) : NaN, direction };
    case 'responder_newcombe': {
      const nc = riskDifference(x1, n1, x0, n0, { method: 'newcombe', level });
      // Newcombe's interval has no SE or test: the Wald SE and z test go with
      // it (NaN, and no test, when the Wald SE is 0; the interval stands).
      const se = wald.estimable ? wald.se : NaN;
      const result = nc.estimable ? { ...nc, se, statistic: wald.estimable ? wald.statistic : NaN, p: wald.estimable ? wald.p : NaN } : nc;
      return { result, p: wald.estimable ? sidedP(wald.p, wald.estimate, sided) : NaN, direction };
    }
    case 'responder_fisher': {
      const alternative = sided === 'two_sided' ? 'two.sided' : sided;
      // All responders or none: fisherExact's p is 1 (one possible table), as R's.
      const f = fisherExact(x1, n1 - x1, x0, n0 - x0, { alternative, estimate: false });
      return withTest(wald, f, f.estimable ? f.p : NaN, direction);
    }
    default: {
      const chi = pearsonChiSquare([x1, n1 - x1, x0, n0 - x0], 2, 2, { correct: spec.method === 'responder_chisq_yates' });
      return withTest(wald, chi, chi.estimable ? sidedP(chi.p, direction, sided) : NaN, direction);
    }
  }
}

/**
 * An interval and the test that goes with it, each standing on its own: the
 * p-value whenever the test is defined (NaN when not), the interval whenever
 * it is estimable. When the interval is and the test is not, the test's
 * reason is the one the record keeps.
 */
function withTest(interval: StatResult, test: StatResult, p: number, direction: number): Outcome {
  if (interval.estimable && p !== p) return { result: interval, p, testReason: test.reason ?? NOT_ESTIMABLE.badInput, direction };
  return { result: interval, p, direction };
}

/**
 * 1 when a rejection by this test is a finding of benefit: always for a
 * one-sided test (its p is small only on the benefit side); for a two-sided
 * one, when the observed difference lies on the benefit side.
 */
function benefitSide(spec: AnalysisSpec, direction: number): number {
  if (spec.sidedness !== 'two_sided') return 1;
  return (spec.benefit === 'lower' ? direction < 0 : direction > 0) ? 1 : 0;
}

/**
 * The estimate and its interval (estimable, reason) and the test (p, reject)
 * are written apart: a trial whose interval is not estimable still has its
 * test's p and rejection when the test is defined (a perfectly separated
 * table), and one with no test (p NaN) does not reject. `reason` says why the
 * estimate is missing or, when it is there, why the test is.
 */
function writeAnalysis(out: Float64Array, o: number, tail: number, spec: AnalysisSpec, oc: Outcome): number {
  const r = oc.result;
  const p = oc.p;
  if (r.estimable) {
    out[o + A.estimable] = 1;
    out[o + A.reason] = p === p ? -1 : reasonCode(oc.testReason ?? NOT_ESTIMABLE.badInput);
    out[o + A.estimate] = r.estimate;
    out[o + A.se] = r.se;
    out[o + A.ciLower] = r.ci[0];
    out[o + A.ciUpper] = r.ci[1];
  } else {
    out[o + A.estimable] = 0;
    out[o + A.reason] = reasonCode(r.reason ?? NOT_ESTIMABLE.badInput);
    out[o + A.estimate] = NaN;
    out[o + A.se] = NaN;
    out[o + A.ciLower] = NaN;
    out[o + A.ciUpper] = NaN;
  }
  out[o + A.p] = p;
  // Power counts only rejections towards benefit; the others are kept apart.
  const significant = p < spec.alpha ? 1 : 0;
  const side = benefitSide(spec, oc.direction);
  out[o + A.reject] = significant * side;
  out[o + A.rejectAdjusted] = significant * side;
  out[tail + T.benefitSide] = side;
  out[tail + T.rejectHarm] = significant * (1 - side);
  out[tail + T.rejectHarmAdjusted] = significant * (1 - side);
  return p;
}

function writeStratum(out: Float64Array, so: number, n0: number, n1: number, r: StatResult): void {
  out[so + S.n0] = n0;
  out[so + S.n1] = n1;
  if (!r.estimable) {
    out[so + S.estimable] = 0;
    out[so + S.reason] = reasonCode(r.reason ?? NOT_ESTIMABLE.badInput);
    out[so + S.estimate] = NaN;
    out[so + S.se] = NaN;
    out[so + S.ciLower] = NaN;
    out[so + S.ciUpper] = NaN;
    out[so + S.excludesZero] = 0;
    return;
  }
  out[so + S.estimable] = 1;
  out[so + S.reason] = -1;
  out[so + S.estimate] = r.estimate;
  out[so + S.se] = r.se;
  out[so + S.ciLower] = r.ci[0];
  out[so + S.ciUpper] = r.ci[1];
  out[so + S.excludesZero] = r.ci[0] > 0 || r.ci[1] < 0 ? 1 : 0;
}

function noInteraction(out: Float64Array, o: number): void {
  out[o + A.interactionEstimable] = 0;
  out[o + A.interactionP] = NaN;
  out[o + A.interactionReject] = 0;
}

/** Per-stratum estimates and, for continuous endpoints, the arm × stratum F test. */
function strata(spec: AnalysisSpec, data: AnalysisData, ws: Workspace, out: Float64Array, o: number, offsets: readonly { offset: number }[]): void {
  const st = spec.strata;
  noInteraction(out, o);
  if (st === null) return;
  const n = data.n;
  const base = data.strataBase;
  if (base === null) {
    for (const { offset } of offsets) writeStratum(out, offset, 0, 0, notEstimable(NOT_ESTIMABLE.badInput, 0));
    return;
  }
  const y = data.y;
  const arm = data.arm;
  const cuts = st.cuts;
  const K = offsets.length;
  const responderEndpoint = isResponderMethod(spec.method);
  const withInteraction = !responderEndpoint && K >= 2;
  // Cells c = 2 stratum + arm. Pass 1: the cells' sizes (at c + 1) and, for
  // the interaction model, the endpoint of the patients in a stratum.
  const cell = cellBuffer(ws, 2 * K + 1);
  const idx = ws.stratumIndex;
  const yIn = ws.yInStratum;
  const fac = ws.stratumFactor;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    const s = v === v ? stratumOf(base[i], cuts) : -1;
    idx[i] = s;
    if (s >= 0) cell[2 * s + arm[i] + 1]++;
    if (withInteraction) {
      yIn[i] = s >= 0 ? v : NaN;
      fac[i] = s >= 0 ? s : 0;
    }
  }
  for (let c = 0; c < 2 * K; c++) cell[c + 1] += cell[c];
  // Pass 2: each cell's values packed in patient order (counting sort); cell c
  // is then packed[cell[c - 1] .. cell[c]) (from 0 for c = 0).
  const packed = ws.group1;
  for (let i = 0; i < n; i++) {
    const s = idx[i];
    if (s >= 0) packed[cell[2 * s + arm[i]]++] = y[i];
  }
  for (let s = 0; s < K; s++) {
    const start0 = s === 0 ? 0 : cell[2 * s - 1];
    const g0 = packed.subarray(start0, cell[2 * s]);
    const g1 = packed.subarray(cell[2 * s], cell[2 * s + 1]);
    const n0 = g0.length;
    const n1 = g1.length;
    let r: StatResult;
    if (responderEndpoint) {
      let x1 = 0;
      let x0 = 0;
      for (let i = 0; i < n1; i++) x1 += g1[i];
      for (let i = 0; i < n0; i++) x0 += g0[i];
      r = riskDifference(x1, n1, x0, n0, { method: 'wald', level: spec.ciLevel });
      if (spec.method === 'responder_newcombe') {
        // Newcombe's interval with the Wald SE (NaN when it is 0), as for the whole analysis.
        const nc = riskDifference(x1, n1, x0, n0, { method: 'newcombe', level: spec.ciLevel });
        r = nc.estimable ? { ...nc, se: r.estimable ? r.se : NaN } : nc;
      }
    } else {
      // The stratum record has no p-value: the CI alone.
      r = twoSampleT(g1, g0, { pooled: true, level: spec.ciLevel, quantiles: quantilesAt(ws, spec.ciLevel), pValue: false });
    }
    writeStratum(out, offsets[s].offset, n0, n1, r);
  }
  if (!withInteraction) return;
  // Interaction: y ~ arm + baseline + stratum + arm:stratum on the patients in a stratum.
  const test = ancovaInteractionTest({
    y: firstN(yIn, n),
    arm: firstN(data.arm, n),
    baseline: firstN(data.base, n),
    stratum: firstN(fac, n),
    nStrata: offsets.length,
    level: spec.ciLevel,
  });
  if (test.estimable && test.p === test.p) {
    out[o + A.interactionEstimable] = 1;
    out[o + A.interactionP] = test.p;
    out[o + A.interactionReject] = test.p < spec.alpha ? 1 : 0;
  }
}

/**
 * Estimate one analysis from its data into `out` at the analysis' layout
 * (analysis block and stratum blocks); returns the p-value that enters the
 * multiplicity procedure (NaN when the test is not defined).
 */
export function estimateAnalysis(spec: AnalysisSpec, data: AnalysisData, ws: Workspace, out: Float64Array, layout: AnalysisLayout): number {
  const oc = isResponderMethod(spec.method) ? responder(spec, data, ws) : continuous(spec, data, ws);
  const tail = tailOf(layout);
  const p = writeAnalysis(out, layout.offset, tail, spec, oc);
  analysedByArm(data, out, tail);
  strata(spec, data, ws, out, layout.offset, layout.strata);
  return p;
}

/** The analysis' tail block (buildLayout always gives one). */
function tailOf(layout: AnalysisLayout): number {
  if (layout.tail === undefined) throw new Error('analyseTrial: the record layout has no tail block (build it with buildLayout)');
  return layout.tail;
}

/** Patients analysed (an endpoint value after the rules) per arm, into the tail. */
function analysedByArm(data: AnalysisData, out: Float64Array, tail: number): void {
  const y = data.y;
  const arm = data.arm;
  let n1 = 0;
  let n = 0;
  for (let i = 0; i < data.n; i++) {
    if (y[i] !== y[i]) continue;
    n++;
    n1 += arm[i];
  }
  out[tail + T.n0] = n - n1;
  out[tail + T.n1] = n1;
}

/**
 * The trial's planning counts: screened, enrolled per arm, and per arm those
 * who dropped out at or before `week` (the last analysis week), the
 * patients switched before it (the endpoint rules' "before the week"), and
 * per arm those who stopped treatment before it (seen; cohort.stopWeek).
 */
function countTrial(cohort: Cohort, week: number, out: Float64Array, at: number): void {
  let enrolled1 = 0;
  let drop0 = 0;
  let drop1 = 0;
  let switches = 0;
  let stops0 = 0;
  let stops1 = 0;
  const arm = cohort.arm;
  const stopWeek = cohort.stopWeek;
  const dropoutWeek = cohort.dropoutWeek;
  const crossoverWeek = cohort.crossoverWeek;
  for (let i = 0; i < cohort.n; i++) {
    const a = arm[i];
    enrolled1 += a;
    // NaN compares false: completed, never switched.
    if (dropoutWeek[i] <= week) {
      if (a === 1) drop1++;
      else drop0++;
    }
    if (crossoverWeek[i] < week) switches++;
    // The last visit on treatment before the week: off treatment at a visit up to it.
    if (stopWeek !== undefined && stopWeek[i] < week) {
      if (a === 1) stops1++;
      else stops0++;
    }
  }
  out[at + P.screened] = cohort.screened;
  out[at + P.enrolled0] = cohort.n - enrolled1;
  out[at + P.enrolled1] = enrolled1;
  out[at + P.dropouts0] = drop0;
  out[at + P.dropouts1] = drop1;
  out[at + P.switches] = switches;
  out[at + P.stops0] = stops0;
  out[at + P.stops1] = stops1;
}

/**
 * The family's p-values into ws.familyP; returns whether a family member's
 * difference lies on the harmful side. Directional (for the procedure that
 * decides power): a two-sided test whose observed difference
 * lies on the harmful side enters as p = 1, so a harmful finding neither
 * counts as a rejection nor passes alpha on (a fixed sequence stops there,
 * Holm does not step down on it). Not directional: the two-sided p-values as
 * they are, which is the procedure a harmful-side rejection is judged by.
 */
function familyP(plan: AnalysisPlan, ws: Workspace, out: Float64Array, directional: boolean): boolean {
  const fp = ws.familyP;
  let anyHarmful = false;
  for (let j = 0; j < plan.family.length; j++) {
    const a = plan.family[j];
    const harmful = out[tailOf(plan.layout.analyses[a]) + T.benefitSide] === 0;
    if (harmful) anyHarmful = true;
    fp[j] = directional && harmful ? 1 : ws.p[a];
  }
  return anyHarmful;
}

/** The multiplicity procedure over the family's p-values `fp` (familyP). */
function adjust(plan: AnalysisPlan, fp: Float64Array): MultiplicityResult | null {
  const m = plan.multiplicity;
  switch (m.procedure) {
    case 'none':
      return null;
    case 'bonferroni':
      return bonferroni(fp, m.alpha);
    case 'holm':
      return holm(fp, m.alpha);
    case 'hochberg':
      return hochberg(fp, m.alpha);
    case 'fixed_sequence':
      return fixedSequence(fp, m.alpha);
    case 'graphical':
      return plan.graph === null ? null : graphicalTest(plan.graph, fp, m.alpha);
  }
}

/**
 * Analysis a's endpoint of every patient into y (its baseline into base), as
 * the analysis defines it: under its estimand when it has one, else by its
 * endpoint's named rules. Returns the number analysed, or -1 when the
 * measure or week is not in the cohort. The interim looks derive with it too.
 */
export function deriveAnalysisEndpoint(cohort: Cohort, plan: AnalysisPlan, a: number, y: Float64Array, base: Float64Array): number {
  const est = plan.estimands?.[a] ?? null;
  return est === null ? deriveByRules(cohort, plan.endpoints[a], y, base) : deriveEstimand(cohort, plan.endpoints[a], est, y, base);
}

/**
 * Analyse one simulated trial into `out` (length plan.layout.width). Every
 * slot of every analysis and stratum is written; flags are 0/1, never NaN.
 * `ws` must hold cohort.n patients (see ensureCapacity).
 */
export function analyseTrial(cohort: Cohort, plan: AnalysisPlan, ws: Workspace, out: Float64Array): void {
  const analyses = plan.analyses;
  for (let a = 0; a < analyses.length; a++) {
    const spec = analyses[a];
    const lay = plan.layout.analyses[a];
    const est = plan.estimands?.[a] ?? null;
    const used = deriveAnalysisEndpoint(cohort, plan, a, ws.y, ws.base);
    if (used < 0) {
      // The measure or the week is not in this cohort (validated away by createKernel).
      const oc = failure(NOT_ESTIMABLE.badInput, 0);
      const tail = tailOf(lay);
      ws.p[a] = writeAnalysis(out, lay.offset, tail, spec, oc);
      out[tail + T.n0] = 0;
      out[tail + T.n1] = 0;
      noInteraction(out, lay.offset);
      for (const { offset } of lay.strata) writeStratum(out, offset, 0, 0, oc.result);
      continue;
    }
    let strataBase: Float64Array | null = ws.base;
    if (spec.strata !== null && spec.strata.measure !== spec.endpoint.measure) {
      strataBase = baselineOf(cohort, spec.strata.measure, ws.strataBase) ? ws.strataBase : null;
    }
    let visits: AnalysisData['visits'];
    if (spec.method === 'mmrm' && est !== null) {
      const buffers = mmrmBuffers(ws, cohort.n, plan.endpoints[a], cohort.visits);
      const K = estimandVisits(cohort, plan.endpoints[a], est, buffers.y, buffers.base);
      visits = { y: buffers.y, base: buffers.base, nVisits: K };
    }
    const data: AnalysisData = { n: cohort.n, arm: cohort.arm, stratum: cohort.stratum, y: ws.y, base: ws.base, strataBase, ...(visits !== undefined ? { visits } : {}) };
    ws.p[a] = estimateAnalysis(spec, data, ws, out, lay);
  }
  if (plan.layout.trial !== undefined) countTrial(cohort, plan.lastWeek, out, plan.layout.trial);
  const anyHarmful = familyP(plan, ws, out, true);
  const adjusted = adjust(plan, ws.familyP);
  if (adjusted === null) return;
  // the two-sided procedure, only when a family member is on the harmful side (it judges those)
  let twoSided: MultiplicityResult | null = null;
  if (anyHarmful) {
    familyP(plan, ws, out, false);
    twoSided = adjust(plan, ws.familyP);
  }
  for (let j = 0; j < plan.family.length; j++) {
    const lay = plan.layout.analyses[plan.family[j]];
    const o = lay.offset;
    const tail = tailOf(lay);
    // An analysis without a test entered the procedure as p = 1 and stays
    // unrejected; a rejection on the harmful side is kept apart from power.
    const p = out[o + A.p];
    const side = out[tail + T.benefitSide];
    out[o + A.rejectAdjusted] = p === p && side === 1 ? adjusted.rejected[j] : 0;
    out[tail + T.rejectHarmAdjusted] = p === p && side === 0 && twoSided !== null ? twoSided.rejected[j] : 0;
  }
}
