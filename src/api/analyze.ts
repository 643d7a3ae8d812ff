// analyzeData: the scenario's analyses, exactly as a simulated replicate gets
// them (analyseTrial into the kernel's record), applied to data in the sample
// CSV layout: a real trial's export, or trials written by sampleTrials.
import { analyseTrial } from '../analysis/analyseTrial.js';
import { parseKernelSpec } from '../analysis/kernelSpec.js';
import { createWorkspace, ensureCapacity } from '../analysis/workspace.js';
import { A, REASON_CODES, S } from '../engine/layout.js';
import type { Cohort } from '../model/cohort.js';
import { parseSampleCsv } from '../report/sampleCsv.js';
import type { DesignPoint } from '../scenario/expandDesigns.js';
import { UsageError } from './errors.js';
import { MSG } from './messages.js';
import { loadSource, MAX_DATA_BYTES, pickPoint, readTextFile, type ScenarioOptions, type ScenarioSource } from './source.js';

/** A CSV file's path, or its text (a string with a line break is text). */
export type DataSource = string | { readonly text: string; readonly file?: string };

export interface AnalyzeOptions extends ScenarioOptions {
  /** The design point whose analyses are run (index or id); needed when the scenario sweeps them. */
  readonly point?: number | string;
}

/** An interval; null bounds where not estimable. */
export type Interval = readonly [number | null, number | null];

export interface StratumEstimate {
  readonly label: string;
  /** Patients analysed in the stratum, per arm. */
  readonly n: { readonly control: number; readonly treatment: number };
  readonly estimable: boolean;
  /** Why not estimable (src/stats/result.ts), or null. */
  readonly reason: string | null;
  readonly estimate: number | null;
  readonly se: number | null;
  readonly ci: Interval;
}

export interface AnalysisEstimate {
  readonly id: string;
  readonly method: string;
  readonly estimable: boolean;
  readonly reason: string | null;
  /** Treatment − control (LS-mean, mean or risk difference). */
  readonly estimate: number | null;
  readonly se: number | null;
  readonly ci: Interval;
  readonly ciLevel: number;
  readonly p: number | null;
  readonly alpha: number;
  /** p < alpha. */
  readonly reject: boolean;
  /** Rejected after the scenario's multiplicity procedure. */
  readonly rejectAdjusted: boolean;
  readonly strata: readonly StratumEstimate[];
  /** Arm × stratum interaction test (continuous endpoints with strata), or null. */
  readonly interaction: { readonly p: number; readonly reject: boolean } | null;
}

export interface TrialAnalysis {
  /** The trial number of the data. */
  readonly trial: number;
  /** Patients in the data, per arm. */
  readonly patients: { readonly control: number; readonly treatment: number };
  readonly analyses: readonly AnalysisEstimate[];
}

export interface AnalyzeOutcome {
  readonly file: string;
  readonly point: DesignPoint;
  readonly trials: readonly TrialAnalysis[];
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
const reasonOf = (code: number): string | null => (code >= 0 ? (REASON_CODES[code] ?? 'unknown reason') : null);

/** The measure columns each analysis reads, missing from the data. */
function checkColumns(cohort: Cohort, point: DesignPoint): void {
  for (const a of point.spec.analyses) {
    const missing: string[] = [];
    const need = (measure: string, week: number): void => {
      if (!(measure in cohort.measures) || !cohort.visits.includes(week)) missing.push(`${measure}_w${week}`);
    };
    need(a.endpoint.measure, 0);
    need(a.endpoint.measure, a.endpoint.week);
    if (a.strata !== undefined) need(a.strata.measure, 0);
    if (missing.length > 0) throw new UsageError(MSG.missingColumns(a.id, [...new Set(missing)]));
  }
}

/** Read one trial's record back into named fields. */
function decode(record: Float64Array, point: DesignPoint, plan: ReturnType<typeof parseKernelSpec>['plan']): AnalysisEstimate[] {
  return plan.layout.analyses.map((lay, i) => {
    const spec = point.spec.analyses[i];
    const o = lay.offset;
    const estimable = record[o + A.estimable] === 1;
    const strata = lay.strata.map((s): StratumEstimate => {
      const so = s.offset;
      return {
        label: s.label,
        n: { control: record[so + S.n0], treatment: record[so + S.n1] },
        estimable: record[so + S.estimable] === 1,
        reason: reasonOf(record[so + S.reason]),
        estimate: num(record[so + S.estimate]),
        se: num(record[so + S.se]),
        ci: [num(record[so + S.ciLower]), num(record[so + S.ciUpper])],
      };
    });
    return {
      id: lay.id,
      method: spec.method,
      estimable,
      reason: reasonOf(record[o + A.reason]),
      estimate: num(record[o + A.estimate]),
      se: num(record[o + A.se]),
      ci: [num(record[o + A.ciLower]), num(record[o + A.ciUpper])],
      ciLevel: spec.ciLevel,
      p: num(record[o + A.p]),
      alpha: spec.alpha,
      reject: record[o + A.reject] === 1,
      rejectAdjusted: record[o + A.rejectAdjusted] === 1,
      strata,
      interaction: record[o + A.interactionEstimable] === 1 ? { p: record[o + A.interactionP], reject: record[o + A.interactionReject] === 1 } : null,
    };
  });
}

/**
 * Run a scenario's analyses (and its multiplicity procedure) on every trial
 * of a sample CSV. Throws ScenarioInvalid for a scenario with problems and
 * UsageError for unreadable or malformed data, or data without the columns
 * the analyses need.
 *
 * @example
 * const { trials } = analyzeData('scenarios/proderm.yaml', 'export.csv');
 * console.log(trials[0].analyses.map((a) => [a.id, a.estimate, a.p]));
 */
export function analyzeData(source: ScenarioSource, data: DataSource, options: AnalyzeOptions = {}): AnalyzeOutcome {
  const loaded = loadSource(source, options);
  const point = pickPoint(loaded, options.point);
  const file = typeof data === 'string' ? (data.includes('\n') ? '<data>' : data) : (data.file ?? '<data>');
  const text = typeof data === 'string' ? (data.includes('\n') ? data : readTextFile(data, 'data', MAX_DATA_BYTES)) : data.text;
  const parsed = parseSampleCsv(text);
  if (!parsed.ok) throw new UsageError(MSG.badData(file, parsed.errors));
  const { plan } = parseKernelSpec(point.spec);
  let ws = createWorkspace(0, plan.analyses.length, plan.family.length);
  const record = new Float64Array(plan.layout.width);
  const trials = parsed.cohorts.map((cohort, t): TrialAnalysis => {
    checkColumns(cohort, point);
    ws = ensureCapacity(ws, cohort.n);
    record.fill(NaN);
    analyseTrial(cohort, plan, ws, record);
    let treatment = 0;
    for (let i = 0; i < cohort.n; i++) treatment += cohort.arm[i];
    return { trial: parsed.trials[t], patients: { control: cohort.n - treatment, treatment }, analyses: decode(record, point, plan) };
  });
  return { file, point, trials };
}
