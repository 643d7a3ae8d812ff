// Operating characteristics from a merged accumulator: pure arithmetic over
// the tallies, every measure with its Monte Carlo SE and the number of
// replicates it rests on. Replicates where an analysis (or stratum) was not
// estimable are excluded from its measures and counted, by reason.
//
// The same function summarises the design (kind 'alternative': rejection
// rates are power) and its null run (kind 'null': they are type I error).
import { accumulatorLayout, ALPHA_GRID, REASON_SLOTS, type AccumulatorLayout } from './accumulator.js';
import { REASON_CODES, type ReplicateLayout } from './layout.js';
import { bias, empiricalSE, mean, proportion, rmse, type Metric } from './mcse.js';
import type { Truth, TruthValue } from './truth.js';

export interface NotEstimableCount {
  count: number;
  /** Non-zero tallies by reason text (src/stats/result.ts), 'unknown reason' last. */
  reasons: Record<string, number>;
}

export interface Estimation {
  /** The caller's true value, with its own precision; null when not supplied. */
  truth: TruthValue | null;
  meanEstimate: Metric;
  bias: Metric | null;
  empiricalSE: Metric;
  meanModelSE: Metric;
  rmse: Metric | null;
  coverage: Metric | null;
  meanCIWidth: Metric;
}

export interface StratumCharacteristics {
  label: string;
  estimable: number;
  notEstimable: NotEstimableCount;
  /** Mean patients analysed per arm (over all replicates, estimable or not). */
  meanN: { control: Metric; treatment: Metric };
  truth: TruthValue | null;
  meanEstimate: Metric;
  bias: Metric | null;
  empiricalSE: Metric;
  meanModelSE: Metric;
  meanCIHalfWidth: Metric;
  coverage: Metric | null;
  ciExcludesZero: Metric;
}

/** Rejection rate: power under the design, type I error under its null. */
export interface Rejection {
  /** After the scenario's multiplicity procedure (rejectAdjusted). */
  adjusted: Metric;
  unadjusted: Metric;
}

/** The unadjusted rejection rate had the analysis been tested at `alpha` (p < alpha). */
export interface RejectionAtAlpha {
  alpha: number;
  rate: Metric;
}

export interface AnalysisCharacteristics {
  id: string;
  estimable: number;
  notEstimable: NotEstimableCount;
  rejection: Rejection;
  /** Unadjusted rejection rate at each level of ALPHA_GRID: power (or, under the null, type I error) against alpha. */
  rejectionByAlpha: RejectionAtAlpha[];
  estimation: Estimation;
  /** Arm × stratum interaction test; null when the analysis has no strata. */
  interaction: { estimable: number; notEstimable: number; rejection: Metric } | null;
  strata: StratumCharacteristics[];
}

export interface FamilyWise {
  analyses: string[];
  /** Replicates where a family analysis was not estimable: excluded from both rates. */
  excluded: number;
  /** Share rejecting at least one family hypothesis (disjunctive power; FWER under the null). */
  any: Metric;
  /** Share rejecting all of them (conjunctive power). */
  all: Metric;
}

export interface OperatingCharacteristics {
  kind: 'alternative' | 'null';
  /** Replicates summarised (those that did not throw). */
  replicates: number;
  analyses: AnalysisCharacteristics[];
  familyWise: FamilyWise;
}

const REASON_LABELS = [...REASON_CODES, 'unknown reason'];

function notEstimable(acc: Float64Array, at: number): NotEstimableCount {
  const reasons: Record<string, number> = {};
  let count = 0;
  for (let r = 0; r < REASON_SLOTS; r++) {
    const c = acc[at + r];
    if (c > 0) reasons[REASON_LABELS[r]] = c;
    count += c;
  }
  return { count, reasons };
}

const meanOf = (acc: Float64Array, at: number): Metric => mean(acc[at], acc[at + 1], acc[at + 2]);

function truthOf(t: TruthValue | undefined): TruthValue | null {
  return t === undefined ? null : { value: t.value, se: t.se };
}

export function summarize(
  acc: Float64Array,
  layout: ReplicateLayout,
  truth: Truth | null,
  family: readonly string[] | null,
  kind: OperatingCharacteristics['kind'],
  slots: AccumulatorLayout = accumulatorLayout(layout),
): OperatingCharacteristics {
  const analyses = layout.analyses.map((a, i): AnalysisCharacteristics => {
    const s = slots.analyses[i];
    const t = truth !== null && Object.hasOwn(truth, a.id) ? truth[a.id] : undefined;
    const estimableN = acc[s.estimable];
    const est = s.estimate;
    const estimation: Estimation = {
      truth: truthOf(t),
      meanEstimate: meanOf(acc, est),
      bias: t === undefined ? null : bias(acc[est], acc[est + 1], acc[est + 2], t.value),
      empiricalSE: empiricalSE(acc[est], acc[est + 2]),
      meanModelSE: meanOf(acc, s.se),
      rmse: t === undefined ? null : rmse(acc[s.squaredError], acc[s.squaredError + 1], acc[s.squaredError + 2]),
      coverage: t === undefined ? null : proportion(acc[s.coverageHits], acc[s.coverageN]),
      meanCIWidth: meanOf(acc, s.ciWidth),
    };
    const strata = a.strata.map((st, j): StratumCharacteristics => {
      const ss = s.strata[j];
      const stTruth = t?.strata !== undefined && Object.hasOwn(t.strata, st.label) ? t.strata[st.label] : undefined;
      const e = ss.estimate;
      return {
        label: st.label,
        estimable: acc[ss.estimable],
        notEstimable: notEstimable(acc, ss.reasons),
        meanN: { control: meanOf(acc, ss.n0), treatment: meanOf(acc, ss.n1) },
        truth: truthOf(stTruth),
        meanEstimate: meanOf(acc, e),
        bias: stTruth === undefined ? null : bias(acc[e], acc[e + 1], acc[e + 2], stTruth.value),
        empiricalSE: empiricalSE(acc[e], acc[e + 2]),
        meanModelSE: meanOf(acc, ss.se),
        meanCIHalfWidth: meanOf(acc, ss.ciHalfWidth),
        coverage: stTruth === undefined ? null : proportion(acc[ss.coverageHits], acc[ss.coverageN]),
        ciExcludesZero: proportion(acc[ss.excludesZeroHits], acc[ss.excludesZeroN]),
      };
    });
    return {
      id: a.id,
      estimable: estimableN,
      notEstimable: notEstimable(acc, s.reasons),
      rejection: {
        adjusted: proportion(acc[s.rejectAdjusted], estimableN),
        unadjusted: proportion(acc[s.reject], estimableN),
      },
      rejectionByAlpha: ALPHA_GRID.map((alpha, j) => ({ alpha, rate: proportion(acc[s.rejectAtAlpha + j], estimableN) })),
      estimation,
      interaction:
        a.strata.length === 0
          ? null
          : {
              estimable: acc[s.interactionEstimable],
              notEstimable: acc[slots.replicates] - acc[s.interactionEstimable],
              rejection: proportion(acc[s.interactionReject], acc[s.interactionEstimable]),
            },
      strata,
    };
  });
  return {
    kind,
    replicates: acc[slots.replicates],
    analyses,
    familyWise: {
      analyses: family === null ? layout.analyses.map((a) => a.id) : [...family],
      excluded: acc[slots.familyExcluded],
      any: proportion(acc[slots.familyAny], acc[slots.familyN]),
      all: proportion(acc[slots.familyAll], acc[slots.familyN]),
    },
  };
}

/** Every power the run reports: per analysis (adjusted) and family-wise any/all. */
export function reportedPowers(acc: Float64Array, slots: AccumulatorLayout): Metric[] {
  const out = slots.analyses.map((s) => proportion(acc[s.rejectAdjusted], acc[s.estimable]));
  out.push(proportion(acc[slots.familyAny], acc[slots.familyN]), proportion(acc[slots.familyAll], acc[slots.familyN]));
  return out;
}
