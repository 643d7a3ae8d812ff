// Operating characteristics from a merged accumulator: pure arithmetic over
// the tallies, every measure with its Monte Carlo SE and the number of
// replicates it rests on.
//
// Rejection rates (power, type I error, family-wise rates, interaction
// power) have one definition, `rejectionRate`: the share of ALL replicates
// summarised, a replicate whose test is not defined (no p-value) counting as
// not rejecting; the share without a test is reported beside them
// (`untested`). Estimation measures rest on the replicates whose estimate was
// estimable; the others are counted, by reason (`notEstimable`). The two are
// apart: a perfectly separated 2×2 table has Fisher's p but no Wald interval.
//
// Power counts only rejections towards the analysis' benefit (the record's
// `reject`); a two-sided test's rejections on the harmful side are a rate of
// their own (`harm`), by the same definition. Under the null, the type I
// error is the test's size, what its alpha controls: rejections on either
// side (for a two-sided test at 0.05, about 0.025 of them towards benefit).
//
// The same function summarises the design (kind 'alternative': rejection
// rates are power) and its null run (kind 'null': they are type I error).
import { accumulatorLayout, ALPHA_GRID, REASON_SLOTS, type AccumulatorLayout } from './accumulator.js';
import { P, REASON_CODES, type ReplicateLayout } from './layout.js';
import { bias, coverage, empiricalSE, mean, proportion, rmse, type Metric } from './mcse.js';
import { summarizeSequential, type SequentialCharacteristics } from './sequentialSummary.js';
import { summarizeAssurance, type AssuranceCharacteristics } from './assuranceSummary.js';
import type { Truth, TruthValue } from './truth.js';

export interface NotEstimableCount {
  count: number;
  /** count / replicates summarised (0 when there are none). */
  share: number;
  /** Non-zero tallies by reason text (src/stats/result.ts), 'unknown reason' last. */
  reasons: Record<string, number>;
  /** The reason with the largest tally (the first of equals), or null when count is 0. */
  mainReason: string | null;
}

/**
 * Power, type I error, FWER: rejections as a share of every replicate
 * summarised, with MCSE √(p̂(1 − p̂)/R). The one definition of a rejection
 * rate; the engine, the report and the sample-size search all read it.
 */
export function rejectionRate(rejections: number, replicates: number): Metric {
  return proportion(rejections, replicates);
}

/** Coverage against ± one truth SE (the truth's own sensitivity; both equal coverage when the truth is exact). */
export interface CoverageTruthShift {
  minusSE: number;
  plusSE: number;
}

export interface Estimation {
  /** The caller's true value, with its own precision; null when not supplied. */
  truth: TruthValue | null;
  meanEstimate: Metric;
  bias: Metric | null;
  empiricalSE: Metric;
  meanModelSE: Metric;
  rmse: Metric | null;
  /** Coverage of the truth; its MCSE includes the truth's own error (mcse.ts coverage). */
  coverage: Metric | null;
  coverageTruthShift: CoverageTruthShift | null;
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
  coverageTruthShift: CoverageTruthShift | null;
  ciExcludesZero: Metric;
}

/** Rejection rate (rejectionRate): power under the design, type I error under its null. */
export interface Rejection {
  /**
   * After the scenario's multiplicity procedure (rejectAdjusted). Under the
   * design (power): rejections towards benefit only. Under the null (type I
   * error): rejections on either side.
   */
  adjusted: Metric;
  unadjusted: Metric;
  /** Two-sided rejections with the observed difference on the harmful side, not counted above (0 for a one-sided test). */
  harm: { adjusted: Metric; unadjusted: Metric };
}

/** A per-trial count over the replicates: its mean (with MCSE) and range; null min/max without any value. */
export interface RangedCount {
  mean: Metric;
  min: number | null;
  max: number | null;
}

/** What a planner counts per trial, averaged over the replicates. */
export interface PlanningCounts {
  screened: RangedCount;
  enrolled: { control: RangedCount; treatment: RangedCount };
  /** Patients who dropped out at or before the last analysis week, per arm. */
  dropouts: { control: RangedCount; treatment: RangedCount };
  /** Patients switched to the other arm before the last analysis week. */
  switches: RangedCount;
  /** Patients who stopped the randomized treatment (design.discontinuation) before the last analysis week, per arm. */
  discontinued: { control: RangedCount; treatment: RangedCount };
}

/** The unadjusted rejection rate had the analysis been tested at `alpha` (p < alpha). */
export interface RejectionAtAlpha {
  alpha: number;
  rate: Metric;
}

export interface AnalysisCharacteristics {
  id: string;
  /** Replicates whose estimate and interval were estimable (the estimation measures' n). */
  estimable: number;
  notEstimable: NotEstimableCount;
  /** Replicates whose test was not defined: counted in the rejection rates as not rejecting. */
  untested: NotEstimableCount;
  rejection: Rejection;
  /** Unadjusted rejection rate at each level of ALPHA_GRID: power (towards benefit) or, under the null, type I error (either side) against alpha. */
  rejectionByAlpha: RejectionAtAlpha[];
  estimation: Estimation;
  /** Arm × stratum interaction test (rejection: a share of all replicates); null when the analysis has no strata. */
  interaction: { estimable: number; notEstimable: number; rejection: Metric } | null;
  strata: StratumCharacteristics[];
  /** Patients analysed (an endpoint value after the rules) per arm. */
  analysed: { control: RangedCount; treatment: RangedCount };
}

export interface FamilyWise {
  analyses: string[];
  /** Replicates where a family analysis had no test: counted, that analysis as not rejecting. */
  untested: number;
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
  planning: PlanningCounts;
  /** A group-sequential design's characteristics (sequentialSummary.ts); absent for a single look. */
  sequential?: SequentialCharacteristics;
  /** A success criterion's characteristics (assuranceSummary.ts): assurance over a design prior, or the probability of success; absent without a criterion. */
  assurance?: AssuranceCharacteristics;
}

const REASON_LABELS = [...REASON_CODES, 'unknown reason'];

function notEstimable(acc: Float64Array, at: number, replicates: number): NotEstimableCount {
  const reasons: Record<string, number> = {};
  let count = 0;
  let mainReason: string | null = null;
  let most = 0;
  for (let r = 0; r < REASON_SLOTS; r++) {
    const c = acc[at + r];
    if (c > 0) reasons[REASON_LABELS[r]] = c;
    if (c > most) {
      most = c;
      mainReason = REASON_LABELS[r];
    }
    count += c;
  }
  return { count, share: replicates > 0 ? count / replicates : 0, reasons, mainReason };
}

function shiftOf(acc: Float64Array, n: number, low: number, high: number, truthKnown: boolean): CoverageTruthShift | null {
  const m = acc[n];
  return !truthKnown || m === 0 ? null : { minusSE: acc[low] / m, plusSE: acc[high] / m };
}

const meanOf = (acc: Float64Array, at: number): Metric => mean(acc[at], acc[at + 1], acc[at + 2]);

/** A ranged group (accumulator.ts): min, max, then the moment triple. */
function rangedOf(acc: Float64Array, at: number): RangedCount {
  const some = acc[at + 2] > 0;
  return { mean: meanOf(acc, at + 2), min: some ? acc[at] : null, max: some ? acc[at + 1] : null };
}

function truthOf(t: TruthValue | undefined): TruthValue | null {
  if (t === undefined) return null;
  return t.source === undefined ? { value: t.value, se: t.se } : { value: t.value, se: t.se, source: t.source };
}

export function summarize(
  acc: Float64Array,
  layout: ReplicateLayout,
  truth: Truth | null,
  family: readonly string[] | null,
  kind: OperatingCharacteristics['kind'],
  slots: AccumulatorLayout = accumulatorLayout(layout),
): OperatingCharacteristics {
  const replicates = acc[slots.replicates];
  // Power: towards benefit; type I error: either side (the harmful side's tallies added back).
  const eitherSide = kind === 'null' ? 1 : 0;
  const benefitOnly = 1 - eitherSide;
  const analyses = layout.analyses.map((a, i): AnalysisCharacteristics => {
    const s = slots.analyses[i];
    const t = truth !== null && Object.hasOwn(truth, a.id) ? truth[a.id] : undefined;
    const estimableN = acc[s.estimable];
    const est = s.estimate;
    const estimation: Estimation = {
      truth: truthOf(t),
      meanEstimate: meanOf(acc, est),
      bias: t === undefined ? null : bias(acc[est], acc[est + 1], acc[est + 2], t.value, t.se),
      empiricalSE: empiricalSE(acc[est], acc[est + 2]),
      meanModelSE: meanOf(acc, s.se),
      rmse: t === undefined ? null : rmse(acc[s.squaredError], acc[s.squaredError + 1], acc[s.squaredError + 2]),
      coverage: t === undefined ? null : coverage(acc[s.coverageHits], acc[s.coverageN], acc[s.coverageHitsLow], acc[s.coverageHitsHigh]),
      coverageTruthShift: shiftOf(acc, s.coverageN, s.coverageHitsLow, s.coverageHitsHigh, t !== undefined),
      meanCIWidth: meanOf(acc, s.ciWidth),
    };
    const strata = a.strata.map((st, j): StratumCharacteristics => {
      const ss = s.strata[j];
      const stTruth = t?.strata !== undefined && Object.hasOwn(t.strata, st.label) ? t.strata[st.label] : undefined;
      const e = ss.estimate;
      return {
        label: st.label,
        estimable: acc[ss.estimable],
        notEstimable: notEstimable(acc, ss.reasons, replicates),
        meanN: { control: meanOf(acc, ss.n0), treatment: meanOf(acc, ss.n1) },
        truth: truthOf(stTruth),
        meanEstimate: meanOf(acc, e),
        bias: stTruth === undefined ? null : bias(acc[e], acc[e + 1], acc[e + 2], stTruth.value, stTruth.se),
        empiricalSE: empiricalSE(acc[e], acc[e + 2]),
        meanModelSE: meanOf(acc, ss.se),
        meanCIHalfWidth: meanOf(acc, ss.ciHalfWidth),
        coverage: stTruth === undefined ? null : coverage(acc[ss.coverageHits], acc[ss.coverageN], acc[ss.coverageHitsLow], acc[ss.coverageHitsHigh]),
        coverageTruthShift: shiftOf(acc, ss.coverageN, ss.coverageHitsLow, ss.coverageHitsHigh, stTruth !== undefined),
        ciExcludesZero: proportion(acc[ss.excludesZeroHits], acc[ss.excludesZeroN]),
      };
    });
    return {
      id: a.id,
      estimable: estimableN,
      notEstimable: notEstimable(acc, s.reasons, replicates),
      untested: notEstimable(acc, s.untestedReasons, replicates),
      rejection: {
        adjusted: rejectionRate(acc[s.rejectAdjusted] + eitherSide * acc[s.rejectHarmAdjusted], replicates),
        unadjusted: rejectionRate(acc[s.reject] + eitherSide * acc[s.rejectHarm], replicates),
        harm: {
          adjusted: rejectionRate(acc[s.rejectHarmAdjusted], replicates),
          unadjusted: rejectionRate(acc[s.rejectHarm], replicates),
        },
      },
      rejectionByAlpha: ALPHA_GRID.map((alpha, j) => ({ alpha, rate: rejectionRate(acc[s.rejectAtAlpha + j] - benefitOnly * acc[s.rejectAtAlphaHarm + j], replicates) })),
      estimation,
      interaction:
        a.strata.length === 0
          ? null
          : {
              estimable: acc[s.interactionEstimable],
              notEstimable: replicates - acc[s.interactionEstimable],
              rejection: rejectionRate(acc[s.interactionReject], replicates),
            },
      strata,
      analysed: { control: rangedOf(acc, s.analysed0), treatment: rangedOf(acc, s.analysed1) },
    };
  });
  const t = slots.trial;
  const q = layout.sequential;
  const seqId = q === undefined ? '' : layout.analyses[q.analysis].id;
  const u = layout.assurance;
  const seqTruth = q !== undefined && truth !== null && Object.hasOwn(truth, seqId) ? truth[seqId] : undefined;
  return {
    kind,
    replicates,
    analyses,
    familyWise: {
      analyses: family === null ? layout.analyses.map((a) => a.id) : [...family],
      untested: acc[slots.familyExcluded],
      any: rejectionRate(acc[kind === 'null' ? slots.familyAnyEither : slots.familyAny], acc[slots.familyN]),
      all: rejectionRate(acc[kind === 'null' ? slots.familyAllEither : slots.familyAll], acc[slots.familyN]),
    },
    planning: {
      screened: rangedOf(acc, t[P.screened]),
      enrolled: { control: rangedOf(acc, t[P.enrolled0]), treatment: rangedOf(acc, t[P.enrolled1]) },
      dropouts: { control: rangedOf(acc, t[P.dropouts0]), treatment: rangedOf(acc, t[P.dropouts1]) },
      switches: rangedOf(acc, t[P.switches]),
      discontinued: { control: rangedOf(acc, t[P.stops0]), treatment: rangedOf(acc, t[P.stops1]) },
    },
    ...(q !== undefined && slots.sequential !== null ? { sequential: summarizeSequential(acc, slots.sequential, q, seqId, replicates, seqTruth) } : {}),
    ...(u !== undefined && slots.assurance !== null ? { assurance: summarizeAssurance(acc, slots.assurance, u, layout.analyses[u.analysis].id, u.estimateBeyond) } : {}),
  };
}

/** Every power the run reports: per analysis (adjusted) and family-wise any/all. */
export function reportedPowers(acc: Float64Array, slots: AccumulatorLayout): Metric[] {
  const out = slots.analyses.map((s) => rejectionRate(acc[s.rejectAdjusted], acc[slots.replicates]));
  out.push(rejectionRate(acc[slots.familyAny], acc[slots.familyN]), rejectionRate(acc[slots.familyAll], acc[slots.familyN]));
  return out;
}
