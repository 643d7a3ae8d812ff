// An MMRM analysis at a look (issue 14, item 1): the pipeline patients'
// partial data are used. The trial is simulated once; at a look on calendar
// month m the data cut is
//
//   patient i enrolled by m (entry_i ≤ m): baseline kept, and every
//     post-baseline visit j whose calendar date entry_i + week_j / (weeks a
//     month) is ≤ m; later visits missing;
//   patient i not yet enrolled: left out (baseline missing).
//
// The MMRM (analysis/mmrmAnalysis.ts, stats/mmrm.ts) is fitted on that cut
// exactly as the final analysis is fitted on all the data: the estimand's
// outcome at each visit (analysis/estimand.ts), its LS-mean difference at
// the primary visit and its p (one-sided towards benefit at the looks).
//
// The information fraction of such a look is the share of the final
// analysis' patients who have reached the primary visit by then (as for an
// analysis at the primary week): it depends on counts only, so the
// boundaries stay cached by tuple of counts. The pipeline patients' earlier
// visits add information that this fraction leaves out; see
// docs/group-sequential.md.
import { WEEKS_PER_MONTH } from '../design/accrual.js';
import type { Cohort } from '../model/cohort.js';
import type { AnalysisData } from './analyseTrial.js';
import type { AnalysisPlan } from './analysisPlan.js';
import { estimandVisits } from './estimand.js';
import { mmrmBuffers } from './mmrmAnalysis.js';
import type { Workspace } from './workspace.js';

/**
 * The data cut at calendar month `month` of an MMRM's data: y (n × K,
 * patient-major, post-baseline visits at `weeks`) and baselines, into yCut
 * and baseCut (see the file's head). Returns the patients enrolled by then.
 */
export function cutVisits(
  y: Float64Array,
  base: Float64Array,
  n: number,
  weeks: readonly number[],
  entry: Float64Array,
  month: number,
  yCut: Float64Array,
  baseCut: Float64Array,
): number {
  const K = weeks.length;
  let enrolled = 0;
  for (let i = 0; i < n; i++) {
    const e = entry[i];
    const inTrial = e <= month;
    enrolled += +inTrial;
    baseCut[i] = inTrial ? base[i] : NaN;
    for (let j = 0; j < K; j++) yCut[i * K + j] = inTrial && e + weeks[j] / WEEKS_PER_MONTH <= month ? y[i * K + j] : NaN;
  }
  return enrolled;
}

/** An MMRM analysis' looks: its full visit data once per replicate, then a cut per look. */
export interface MmrmLooks {
  /** Derive the replicate's visit data (the estimand's, as the final analysis has it). */
  prepare(cohort: Cohort, ws: Workspace): void;
  /** The look's analysis data at `month`: the cut visits, and the primary visit's column (NaN after the look) as `y`. */
  cut(cohort: Cohort, entry: Float64Array, month: number, yPrimary: Float64Array): AnalysisData;
}

/** The looks of analysis `a` (an mmrm analysis) of `plan`, with buffers for `capacity` patients. */
export function compileMmrmLooks(plan: AnalysisPlan, a: number, capacity: number): MmrmLooks {
  const est = plan.estimands?.[a] ?? null;
  if (est === null) throw new Error(`sequentialMmrm: the mmrm analysis '${plan.analyses[a].id}' has no estimand rules`);
  const rules = plan.endpoints[a];
  let K = 0;
  let weeks: number[] = [];
  let y = new Float64Array(0);
  let base = new Float64Array(capacity);
  let yCut = new Float64Array(0);
  let baseCut = new Float64Array(capacity);
  return {
    prepare(cohort, ws) {
      const n = cohort.n;
      // the fit's workspace (mmrmDifference reads ws.mmrm.fit), sized as the final analysis sizes it
      mmrmBuffers(ws, n, rules, cohort.visits);
      const visitsK = Math.max(cohort.visits.indexOf(rules.week), 1);
      if (y.length < n * visitsK || base.length < n) {
        y = new Float64Array(Math.max(capacity, n) * visitsK);
        yCut = new Float64Array(y.length);
        base = new Float64Array(Math.max(capacity, n));
        baseCut = new Float64Array(base.length);
      }
      K = estimandVisits(cohort, rules, est, y, base);
      weeks = cohort.visits.slice(1, K + 1);
    },
    cut(cohort, entry, month, yPrimary) {
      const n = cohort.n;
      cutVisits(y, base, n, weeks, entry, month, yCut, baseCut);
      for (let i = 0; i < n; i++) yPrimary[i] = yCut[i * K + K - 1];
      return {
        n,
        arm: cohort.arm,
        stratum: cohort.stratum,
        y: yPrimary.subarray(0, n),
        base: baseCut.subarray(0, n),
        strataBase: null,
        visits: { y: yCut.subarray(0, n * K), base: baseCut.subarray(0, n), nVisits: K },
      };
    },
  };
}
