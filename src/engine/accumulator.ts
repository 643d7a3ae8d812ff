// The mergeable accumulator one block of replicates reduces to.
//
// A flat Float64Array of two kinds of slot: counts (merged by adding — exact,
// since they are integers far below 2^53) and moment triples (n, mean, M2),
// updated per replicate by Welford's method and merged by Chan, Golub &
// LeVeque (1979), "Updating formulae and a pairwise algorithm for computing
// sample variances". Moments rather than raw sums of squares, because an
// estimate's mean can be large against its spread and Σx² − n·x̄² cancels.
//
// Floating-point merging depends on order, so the engine only ever merges
// blocks in block-index order (see run.ts); the accumulator itself is
// deterministic given its records in replicate order.
//
// Besides the rejection flags, each analysis counts p < α for a fixed grid of
// levels (ALPHA_GRID): the rejection rate against α (type I error against α
// under the null) comes from exact integer counts, merged exactly.
//
// The test and the estimate are tallied apart. Rejections are counted in
// every replicate whose test is defined (a p-value), estimable interval or
// not; a replicate without a test counts as not rejecting. Estimation
// measures (mean, SE, coverage) rest on the replicates whose estimate is
// estimable. Coverage is also counted against the truth moved by ± its own
// SE, the truth's sensitivity that widens the coverage's MCSE (summarize.ts).
//
// Planning counts (patients analysed per arm, screened, enrolled, dropped
// out, switched) are moment triples with their range: a `ranged` group of
// five slots, min and max first, then the triple. Min and max are merged by
// min and max, and read only when the triple's n is above 0 (they hold 0
// before the first value, so an empty accumulator stays plain JSON).
import { A, L, Q, S, T, U, REASON_CODES, STOP, TRIAL_FIELDS, lookOffset, type AssuranceLayout, type ReplicateLayout, type SequentialLayout } from './layout.js';

/**
 * The significance levels at which every analysis' unadjusted rejection rate
 * is counted, ascending. Fixed: a change is a change of the accumulator
 * layout (and of RESULT_FORMAT, which is part of the run identity).
 */
export const ALPHA_GRID: readonly number[] = Object.freeze([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2]);

/** Slots per reason tally: one per REASON_CODES entry, plus one for a code the engine does not know. */
export const REASON_SLOTS = REASON_CODES.length + 1;

/** Offsets of one moment triple: n, mean, M2 (sum of squared deviations). */
export type MomentsSlot = number;

/** Offsets of a ranged group: min, max, then the moment triple n, mean, M2 (at +2). */
export type RangedSlot = number;

export interface AnalysisSlots {
  /** Replicates whose estimate (and interval) is estimable; `reasons` counts the others by reason. */
  estimable: number;
  reasons: number; // REASON_SLOTS counts
  /** Replicates whose test is defined (a p-value); `untestedReasons` counts the others by reason. */
  tested: number;
  untestedReasons: number; // REASON_SLOTS counts
  reject: number;
  rejectAdjusted: number;
  /** ALPHA_GRID.length counts: tested replicates with p < ALPHA_GRID[j], on either side. */
  rejectAtAlpha: number;
  estimate: MomentsSlot;
  se: MomentsSlot;
  ciWidth: MomentsSlot;
  squaredError: MomentsSlot; // (estimate − truth)², when the truth is known
  coverageN: number;
  coverageHits: number;
  /** Coverage of the truth minus / plus its own SE (equal to coverageHits when the truth is exact). */
  coverageHitsLow: number;
  coverageHitsHigh: number;
  interactionEstimable: number;
  interactionReject: number;
  strata: StratumSlots[];
  /** Two-sided rejections with the difference on the harmful side, unadjusted and adjusted (not in power). */
  rejectHarm: number;
  rejectHarmAdjusted: number;
  /** ALPHA_GRID.length counts: those of rejectAtAlpha on the harmful side of a two-sided test. */
  rejectAtAlphaHarm: number;
  /** Patients analysed per arm (ranged; absent counts, a kernel without a tail, are skipped). */
  analysed0: RangedSlot;
  analysed1: RangedSlot;
}

export interface StratumSlots {
  estimable: number;
  reasons: number;
  n0: MomentsSlot;
  n1: MomentsSlot;
  estimate: MomentsSlot;
  se: MomentsSlot;
  ciHalfWidth: MomentsSlot;
  coverageN: number;
  coverageHits: number;
  coverageHitsLow: number;
  coverageHitsHigh: number;
  excludesZeroN: number;
  excludesZeroHits: number;
}

export interface AccumulatorLayout {
  width: number;
  /** 0: count slot; 1: first slot (n) of a moment triple; 2: the triple's mean and M2; 3, 4: a ranged group's min and max. */
  kinds: Uint8Array;
  /** Replicates accumulated (those that did not throw). */
  replicates: number;
  /** Family-wise slots: replicates (all of them), any/all rejected, and those where a family analysis had no test (counted as not rejecting it). */
  familyN: number;
  familyAny: number;
  familyAll: number;
  familyExcluded: number;
  analyses: AnalysisSlots[];
  /** familyAny / familyAll counting rejections on either side (the family's size under the null: FWER). */
  familyAnyEither: number;
  familyAllEither: number;
  /** Per-trial planning counts, ranged, in TRIAL_FIELDS order (screened, enrolled0, ...). */
  trial: RangedSlot[];
  /** A group-sequential design's tallies (after everything else), or null. */
  sequential: SequentialSlots | null;
  /** A success criterion's tallies (after the sequential ones), or null. */
  assurance: AssuranceSlots | null;
}

/**
 * A success criterion's tallies: the trials with a success flag, their
 * successes, θ's moments over all of them and over the successes, and per
 * θ bin (edges of the layout; one bin without) the trials, successes and θ.
 */
export interface AssuranceSlots {
  trials: number;
  successes: number;
  theta: MomentsSlot;
  thetaSuccess: MomentsSlot;
  /** bins counts each. */
  binTrials: number;
  binSuccesses: number;
  /** bins moment triples. */
  binTheta: MomentsSlot;
  bins: number;
  /** The analysis' estimate against the replicate's own θ: estimate − θ, and its CI covering θ. */
  error: MomentsSlot;
  coverageN: number;
  coverageHits: number;
}

/** A group-sequential design's tallies: counts per look, and moments of the trial at its stop. */
export interface SequentialSlots {
  /** Replicates with a stop recorded (the final look's test defined or an earlier stop). */
  trials: number;
  reject: number;
  rejectIgnoringFutility: number;
  /** looks counts each: stops for efficacy / for futility at look k. */
  stopEfficacy: number;
  stopFutility: number;
  nAnalysed: MomentsSlot;
  nEnrolled: MomentsSlot;
  month: MomentsSlot;
  estimate: MomentsSlot;
  duration: MomentsSlot;
  /** looks moment triples each: the look's calendar month and observed information fraction. */
  lookMonth: MomentsSlot;
  lookInformation: MomentsSlot;
}

/** Where every tally lives, derived from the record layout alone (so shards and merges agree). */
export function accumulatorLayout(layout: ReplicateLayout): AccumulatorLayout {
  const kinds: number[] = [];
  const count = (k = 1): number => {
    const at = kinds.length;
    for (let i = 0; i < k; i++) kinds.push(0);
    return at;
  };
  const moments = (): number => {
    const at = kinds.length;
    kinds.push(1, 2, 2);
    return at;
  };
  const ranged = (): number => {
    const at = kinds.length;
    kinds.push(3, 4, 1, 2, 2);
    return at;
  };
  const replicates = count();
  const familyN = count();
  const familyAny = count();
  const familyAll = count();
  const familyExcluded = count();
  const analyses = layout.analyses.map(
    (a): AnalysisSlots => ({
      estimable: count(),
      reasons: count(REASON_SLOTS),
      tested: count(),
      untestedReasons: count(REASON_SLOTS),
      reject: count(),
      rejectAdjusted: count(),
      rejectAtAlpha: count(ALPHA_GRID.length),
      estimate: moments(),
      se: moments(),
      ciWidth: moments(),
      squaredError: moments(),
      coverageN: count(),
      coverageHits: count(),
      coverageHitsLow: count(),
      coverageHitsHigh: count(),
      interactionEstimable: count(),
      interactionReject: count(),
      strata: a.strata.map(
        (): StratumSlots => ({
          estimable: count(),
          reasons: count(REASON_SLOTS),
          n0: moments(),
          n1: moments(),
          estimate: moments(),
          se: moments(),
          ciHalfWidth: moments(),
          coverageN: count(),
          coverageHits: count(),
          coverageHitsLow: count(),
          coverageHitsHigh: count(),
          excludesZeroN: count(),
          excludesZeroHits: count(),
        }),
      ),
      rejectHarm: -1,
      rejectHarmAdjusted: -1,
      rejectAtAlphaHarm: -1,
      analysed0: -1,
      analysed1: -1,
    }),
  );
  // Added after the first layout: at the end, so the slots above keep their places.
  for (const s of analyses) {
    s.rejectHarm = count();
    s.rejectHarmAdjusted = count();
    s.rejectAtAlphaHarm = count(ALPHA_GRID.length);
    s.analysed0 = ranged();
    s.analysed1 = ranged();
  }
  const familyAnyEither = count();
  const familyAllEither = count();
  const trial = TRIAL_FIELDS.map(() => ranged());
  const q = layout.sequential;
  const momentsEach = (k: number): number => {
    const at = kinds.length;
    for (let i = 0; i < k; i++) moments();
    return at;
  };
  const sequential: SequentialSlots | null =
    q === undefined
      ? null
      : {
          trials: count(),
          reject: count(),
          rejectIgnoringFutility: count(),
          stopEfficacy: count(q.looks),
          stopFutility: count(q.looks),
          nAnalysed: moments(),
          nEnrolled: moments(),
          month: moments(),
          estimate: moments(),
          duration: moments(),
          lookMonth: momentsEach(q.looks),
          lookInformation: momentsEach(q.looks),
        };
  const u = layout.assurance;
  const bins = u === undefined ? 0 : u.edges.length + 1;
  const assurance: AssuranceSlots | null =
    u === undefined
      ? null
      : { trials: count(), successes: count(), theta: moments(), thetaSuccess: moments(), binTrials: count(bins), binSuccesses: count(bins), binTheta: momentsEach(bins), bins, error: moments(), coverageN: count(), coverageHits: count() };
  return {
    width: kinds.length,
    kinds: Uint8Array.from(kinds),
    sequential,
    assurance,
    replicates,
    familyN,
    familyAny,
    familyAll,
    familyExcluded,
    analyses,
    familyAnyEither,
    familyAllEither,
    trial,
  };
}

/**
 * The true value of each estimand, laid out as the record is: per analysis,
 * then per stratum (NaN where unknown). Built once per task by `truthVector`.
 */
export interface TruthVector {
  analyses: Float64Array;
  strata: Float64Array[];
  /** The truths' own standard errors, laid out alike (0 where exact). */
  analysesSE: Float64Array;
  strataSE: Float64Array[];
}

/** Coverage of t, t − s and t + s by [lo, hi] (closed; an infinite bound still covers). */
function countCoverage(acc: Float64Array, n: number, hits: number, low: number, high: number, lo: number, hi: number, t: number, s: number): void {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return;
  acc[n] += 1;
  if (lo <= t && t <= hi) acc[hits] += 1;
  const sd = Number.isFinite(s) ? s : 0;
  if (lo <= t - sd && t - sd <= hi) acc[low] += 1;
  if (lo <= t + sd && t + sd <= hi) acc[high] += 1;
}

/** Welford's update of one moment triple; non-finite values are skipped (the triple's n says how many counted). */
function push(acc: Float64Array, at: number, x: number): void {
  if (!Number.isFinite(x)) return;
  const n = acc[at] + 1;
  const d = x - acc[at + 1];
  const mean = acc[at + 1] + d / n;
  acc[at] = n;
  acc[at + 1] = mean;
  acc[at + 2] += d * (x - mean);
}

/** push, and the value's min and max two slots before the triple (a ranged group). */
function pushRanged(acc: Float64Array, at: RangedSlot, x: number): void {
  if (!Number.isFinite(x)) return;
  const first = acc[at + 2] === 0;
  if (first || x < acc[at]) acc[at] = x;
  if (first || x > acc[at + 1]) acc[at + 1] = x;
  push(acc, at + 2, x);
}

function reasonSlot(code: number): number {
  return Number.isInteger(code) && code >= 0 && code < REASON_CODES.length ? code : REASON_CODES.length;
}

/**
 * Add one replicate's record. `family` lists the analysis indices whose
 * rejectAdjusted flags make up the family-wise rejection.
 */
export function addRecord(
  acc: Float64Array,
  slots: AccumulatorLayout,
  layout: ReplicateLayout,
  record: Float64Array,
  truth: TruthVector,
  family: readonly number[],
): void {
  acc[slots.replicates] += 1;
  const analyses = layout.analyses;
  for (let i = 0; i < analyses.length; i++) {
    const o = analyses[i].offset;
    const s = slots.analyses[i];
    // The test, whether or not the interval is estimable; no test, no rejection.
    if (record[o + A.reject] === 1) acc[s.reject] += 1;
    if (record[o + A.rejectAdjusted] === 1) acc[s.rejectAdjusted] += 1;
    const p = record[o + A.p];
    // The tail (direction and counts); a kernel without one rejects towards benefit.
    const tail = analyses[i].tail;
    const harmful = tail !== undefined && record[tail + T.benefitSide] === 0;
    if (tail !== undefined) {
      if (record[tail + T.rejectHarm] === 1) acc[s.rejectHarm] += 1;
      if (record[tail + T.rejectHarmAdjusted] === 1) acc[s.rejectHarmAdjusted] += 1;
      pushRanged(acc, s.analysed0, record[tail + T.n0]);
      pushRanged(acc, s.analysed1, record[tail + T.n1]);
    }
    if (p === p) {
      acc[s.tested] += 1;
      // Strict <, the analysis layer's rejection rule, so the count at the
      // analysis' own α equals its `reject` + `rejectHarm` tallies: either
      // side here, the harmful side also apart.
      for (let j = ALPHA_GRID.length - 1; j >= 0 && p < ALPHA_GRID[j]; j--) acc[s.rejectAtAlpha + j] += 1;
      if (harmful) for (let j = ALPHA_GRID.length - 1; j >= 0 && p < ALPHA_GRID[j]; j--) acc[s.rejectAtAlphaHarm + j] += 1;
    } else {
      acc[s.untestedReasons + reasonSlot(record[o + A.reason])] += 1;
    }
    if (record[o + A.estimable] === 1) {
      acc[s.estimable] += 1;
      const est = record[o + A.estimate];
      const lo = record[o + A.ciLower];
      const hi = record[o + A.ciUpper];
      push(acc, s.estimate, est);
      push(acc, s.se, record[o + A.se]);
      push(acc, s.ciWidth, hi - lo);
      const t = truth.analyses[i];
      if (!Number.isNaN(t)) {
        push(acc, s.squaredError, (est - t) * (est - t));
        countCoverage(acc, s.coverageN, s.coverageHits, s.coverageHitsLow, s.coverageHitsHigh, lo, hi, t, truth.analysesSE[i]);
      }
    } else {
      acc[s.reasons + reasonSlot(record[o + A.reason])] += 1;
    }
    if (record[o + A.interactionEstimable] === 1) {
      acc[s.interactionEstimable] += 1;
      if (record[o + A.interactionReject] === 1) acc[s.interactionReject] += 1;
    }
    const strata = analyses[i].strata;
    const strataTruth = truth.strata[i];
    for (let j = 0; j < strata.length; j++) {
      const so = strata[j].offset;
      const ss = s.strata[j];
      // Patients per arm are counted whether or not the stratum was estimable.
      push(acc, ss.n0, record[so + S.n0]);
      push(acc, ss.n1, record[so + S.n1]);
      if (record[so + S.estimable] !== 1) {
        acc[ss.reasons + reasonSlot(record[so + S.reason])] += 1;
        continue;
      }
      acc[ss.estimable] += 1;
      const est = record[so + S.estimate];
      const lo = record[so + S.ciLower];
      const hi = record[so + S.ciUpper];
      push(acc, ss.estimate, est);
      push(acc, ss.se, record[so + S.se]);
      push(acc, ss.ciHalfWidth, (hi - lo) / 2);
      const t = strataTruth[j];
      if (!Number.isNaN(t)) countCoverage(acc, ss.coverageN, ss.coverageHits, ss.coverageHitsLow, ss.coverageHitsHigh, lo, hi, t, truth.strataSE[i][j]);
      const ex = record[so + S.excludesZero];
      if (ex === 0 || ex === 1) {
        acc[ss.excludesZeroN] += 1;
        acc[ss.excludesZeroHits] += ex;
      }
    }
  }
  const trialAt = layout.trial;
  if (trialAt !== undefined) for (let f = 0; f < slots.trial.length; f++) pushRanged(acc, slots.trial[f], record[trialAt + f]);
  if (slots.sequential !== null && layout.sequential !== undefined) addSequential(acc, slots.sequential, layout.sequential, record);
  if (slots.assurance !== null && layout.assurance !== undefined) addAssurance(acc, slots.assurance, layout.assurance, layout.analyses[layout.assurance.analysis].offset, record);
  // Every replicate counts; a family analysis without a test does not reject.
  if (family.length === 0) return;
  let untested = false;
  for (const i of family) {
    const p = record[analyses[i].offset + A.p];
    if (p !== p) untested = true;
  }
  if (untested) acc[slots.familyExcluded] += 1;
  let anyReject = false;
  let allReject = true;
  let anyEither = false;
  let allEither = true;
  for (const i of family) {
    const benefit = record[analyses[i].offset + A.rejectAdjusted] === 1;
    const tail = analyses[i].tail;
    const either = benefit || (tail !== undefined && record[tail + T.rejectHarmAdjusted] === 1);
    if (benefit) anyReject = true;
    else allReject = false;
    if (either) anyEither = true;
    else allEither = false;
  }
  acc[slots.familyN] += 1;
  if (anyReject) acc[slots.familyAny] += 1;
  if (allReject) acc[slots.familyAll] += 1;
  if (anyEither) acc[slots.familyAnyEither] += 1;
  if (allEither) acc[slots.familyAllEither] += 1;
}

/** A success criterion's tallies: θ NaN (a fixed effect) falls in the first bin and adds no θ moments. */
function addAssurance(acc: Float64Array, s: AssuranceSlots, u: AssuranceLayout, analysisOffset: number, record: Float64Array): void {
  const success = record[u.offset + U.success];
  if (success !== 0 && success !== 1) return;
  const theta = record[u.offset + U.theta];
  let bin = 0;
  while (bin < u.edges.length && theta >= u.edges[bin]) bin++;
  acc[s.trials] += 1;
  acc[s.binTrials + bin] += 1;
  push(acc, s.theta, theta);
  push(acc, s.binTheta + 3 * bin, theta);
  if (success === 1) {
    acc[s.successes] += 1;
    acc[s.binSuccesses + bin] += 1;
    push(acc, s.thetaSuccess, theta);
  }
  if (theta === theta && record[analysisOffset + A.estimable] === 1) {
    push(acc, s.error, record[analysisOffset + A.estimate] - theta);
    const lo = record[analysisOffset + A.ciLower];
    const hi = record[analysisOffset + A.ciUpper];
    if (lo === lo && hi === hi) {
      acc[s.coverageN] += 1;
      if (lo <= theta && theta <= hi) acc[s.coverageHits] += 1;
    }
  }
}

/** A group-sequential block's tallies: a replicate without a recorded stop (no test at its final look) counts only in the look months. */
function addSequential(acc: Float64Array, s: SequentialSlots, q: SequentialLayout, record: Float64Array): void {
  for (let k = 0; k < q.looks; k++) {
    const o = lookOffset(q, k);
    push(acc, s.lookMonth + 3 * k, record[o + L.month]);
    push(acc, s.lookInformation + 3 * k, record[o + L.information]);
  }
  const o = q.offset;
  const stage = record[o + Q.stage];
  if (!(Number.isInteger(stage) && stage >= 0 && stage < q.looks)) return;
  acc[s.trials] += 1;
  if (record[o + Q.reject] === 1) acc[s.reject] += 1;
  if (record[o + Q.rejectIgnoringFutility] === 1) acc[s.rejectIgnoringFutility] += 1;
  const reason = record[o + Q.reason];
  if (reason === STOP.efficacy) acc[s.stopEfficacy + stage] += 1;
  else if (reason === STOP.futility) acc[s.stopFutility + stage] += 1;
  push(acc, s.nAnalysed, record[o + Q.nAnalysed]);
  push(acc, s.nEnrolled, record[o + Q.nEnrolled]);
  push(acc, s.month, record[o + Q.month]);
  push(acc, s.estimate, record[o + Q.estimate]);
  push(acc, s.duration, record[o + Q.duration]);
}

/**
 * target ← target ⊕ source: counts add; moment triples combine by Chan et al.
 * Not associative to the last bit, which is why the engine fixes the order.
 */
export function mergeInto(target: Float64Array, source: Float64Array, slots: AccumulatorLayout): void {
  const kinds = slots.kinds;
  for (let k = 0; k < slots.width; k++) {
    const kind = kinds[k];
    if (kind === 0) {
      target[k] += source[k];
    } else if (kind === 3 || kind === 4) {
      // Min or max of a ranged group: the triple's n is at k + 2 (min) or k + 1 (max), not yet merged.
      const nAt = kind === 3 ? k + 2 : k + 1;
      if (source[nAt] === 0) continue;
      if (target[nAt] === 0 || (kind === 3 ? source[k] < target[k] : source[k] > target[k])) target[k] = source[k];
    } else if (kind === 1) {
      const na = target[k];
      const nb = source[k];
      if (nb === 0) continue;
      if (na === 0) {
        target[k] = nb;
        target[k + 1] = source[k + 1];
        target[k + 2] = source[k + 2];
        continue;
      }
      const n = na + nb;
      const d = source[k + 1] - target[k + 1];
      target[k] = n;
      target[k + 1] += (d * nb) / n;
      target[k + 2] += source[k + 2] + (d * d * na * nb) / n;
    }
  }
}

export function emptyAccumulator(slots: AccumulatorLayout): Float64Array {
  return new Float64Array(slots.width);
}
