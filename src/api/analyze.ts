// analyzeData: the scenario's analyses, exactly as a simulated replicate gets
// them (analyseTrial into the kernel's record), applied to data in the sample
// CSV layout: a real trial's export, or trials written by sampleTrials.
import { analyseTrial, deriveAnalysisEndpoint } from '../analysis/analyseTrial.js';
import type { AnalysisPlan } from '../analysis/analysisPlan.js';
import { parseKernelSpec } from '../analysis/kernelSpec.js';
import { isResponderMethod, type AnalysisSpec } from '../analysis/spec.js';
import { createWorkspace, ensureCapacity, type Workspace } from '../analysis/workspace.js';
import { A, REASON_CODES, S, T } from '../engine/layout.js';
import type { Cohort } from '../model/cohort.js';
import { ancova } from '../stats/ancova.js';
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

/** One arm's summary of the analysed endpoint. */
export interface ArmEstimate {
  /** Patients analysed in the arm (for ANCOVA: with both the endpoint and its baseline). */
  readonly n: number;
  /** The arm's LS mean (ancova), mean (t / Welch / Wilcoxon) or responder proportion; null when not estimable. */
  readonly estimate: number | null;
  /** Its SE (ancova: emmeans' model-based SE; mean: SD/√n; proportion: √(p(1 − p)/n)); null when not estimable. */
  readonly se: number | null;
}

/** Each arm's summary, so that the difference can be read against the arms (a paper's LS means, say). */
export interface ArmSummaries {
  /** What `estimate` is: 'ls_mean' (ancova: emmeans, covariate at its mean, strata equally weighted), 'mean' or 'proportion'. */
  readonly kind: 'ls_mean' | 'mean' | 'proportion';
  readonly control: ArmEstimate;
  readonly treatment: ArmEstimate;
}

export interface AnalysisEstimate {
  readonly id: string;
  readonly method: string;
  /** Each arm's LS mean, mean or proportion with the patients analysed. */
  readonly arms: ArmSummaries;
  readonly estimable: boolean;
  readonly reason: string | null;
  /** Treatment − control (LS-mean, mean or risk difference). */
  readonly estimate: number | null;
  readonly se: number | null;
  readonly ci: Interval;
  readonly ciLevel: number;
  readonly p: number | null;
  readonly alpha: number;
  /** p < alpha with the observed difference on the analysis' benefit side (what power counts). */
  readonly reject: boolean;
  /** Rejected towards benefit after the scenario's multiplicity procedure. */
  readonly rejectAdjusted: boolean;
  /** p < alpha with the difference on the harmful side (a two-sided test; unadjusted): not a finding of benefit. */
  readonly rejectHarm: boolean;
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

const MEASURE_COLUMN = /^([a-z][a-z0-9_]*)_w(\d+(?:\.\d+)?)$/;

/**
 * The measure columns each analysis reads, checked against the data's header:
 * a column missing while its measure (at other weeks) and its week (of other
 * measures) are present would otherwise leave every patient unanalysed.
 */
function checkColumns(columns: readonly string[], point: DesignPoint, plan: AnalysisPlan): void {
  const present = new Set<string>();
  for (const c of columns) {
    const m = MEASURE_COLUMN.exec(c);
    if (m !== null) present.add(`${m[1]}@${Number(m[2])}`);
  }
  for (const a of point.spec.analyses) {
    const missing: string[] = [];
    const need = (measure: string, week: number): void => {
      if (!present.has(`${measure}@${week}`)) missing.push(`${measure}_w${week}`);
    };
    need(a.endpoint.measure, 0);
    need(a.endpoint.measure, a.endpoint.week);
    if (a.strata !== undefined) need(a.strata.measure, 0);
    if (missing.length > 0) throw new UsageError(MSG.missingColumns(a.id, [...new Set(missing)]));
  }
  // An estimand with a strategy for treatment discontinuation reads who
  // stopped (stop_week); without the column nobody would count as stopped.
  for (const a of plan.analyses) {
    const stop = a.estimand?.discontinuation;
    if (stop !== undefined && stop !== 'treatment_policy' && !columns.includes('stop_week')) throw new UsageError(MSG.missingStopWeek(a.id, stop));
  }
}

const armOf = (n: number, estimate: number, se: number): ArmEstimate => ({ n, estimate: num(estimate), se: num(se) });

/**
 * Each arm's summary of one analysis in one trial, from the same derived
 * endpoint the analysis read (deriveAnalysisEndpoint: under its estimand when
 * it has one, else by its endpoint's rules): the two LS means of the same
 * ANCOVA (ancova(), whose difference is the analysis' estimate), or the arms'
 * means or responder proportions.
 */
function armSummaries(cohort: Cohort, plan: AnalysisPlan, a: number, ws: Workspace): ArmSummaries {
  const spec: AnalysisSpec = plan.analyses[a];
  const n = cohort.n;
  const y = ws.y.subarray(0, n);
  const base = ws.base.subarray(0, n);
  deriveAnalysisEndpoint(cohort, plan, a, y, base);
  const count = [0, 0];
  const sum = [0, 0];
  const sumSq = [0, 0];
  const ancovaRows = spec.method === 'ancova';
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== v || (ancovaRows && base[i] !== base[i])) continue;
    const g = cohort.arm[i];
    count[g]++;
    sum[g] += v;
    sumSq[g] += v * v;
  }
  if (ancovaRows) {
    let k = 0;
    for (let i = 0; i < n; i++) if (cohort.stratum[i] + 1 > k) k = cohort.stratum[i] + 1;
    // As the analysis: a single randomization stratum leaves the factor out.
    const stratum = spec.covariates.includes('stratum') && k >= 2 ? cohort.stratum.subarray(0, n) : undefined;
    const fit = ancova({ y, arm: cohort.arm.subarray(0, n), baseline: base, stratum, level: spec.ciLevel });
    const [ls0, ls1] = fit.lsMeans;
    return {
      kind: 'ls_mean',
      control: armOf(count[0], ls0.estimable ? ls0.estimate : NaN, ls0.estimable ? ls0.se : NaN),
      treatment: armOf(count[1], ls1.estimable ? ls1.estimate : NaN, ls1.estimable ? ls1.se : NaN),
    };
  }
  const responder = isResponderMethod(spec.method);
  const arm = (g: number): ArmEstimate => {
    const m = count[g];
    const mean = sum[g] / m;
    if (responder) return armOf(m, mean, Math.sqrt((mean * (1 - mean)) / m));
    const sd = Math.sqrt(Math.max(0, sumSq[g] - m * mean * mean) / (m - 1));
    return armOf(m, mean, sd / Math.sqrt(m));
  };
  return { kind: responder ? 'proportion' : 'mean', control: arm(0), treatment: arm(1) };
}

/** Read one trial's record back into named fields. */
function decode(record: Float64Array, point: DesignPoint, plan: AnalysisPlan, arms: readonly ArmSummaries[]): AnalysisEstimate[] {
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
      arms: arms[i],
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
      rejectHarm: lay.tail !== undefined && record[lay.tail + T.rejectHarm] === 1,
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
  checkColumns(parsed.columns, point, plan);
  const trials = parsed.cohorts.map((cohort, t): TrialAnalysis => {
    ws = ensureCapacity(ws, cohort.n);
    record.fill(NaN);
    analyseTrial(cohort, plan, ws, record);
    const arms = plan.analyses.map((_, a) => armSummaries(cohort, plan, a, ws));
    let treatment = 0;
    for (let i = 0; i < cohort.n; i++) treatment += cohort.arm[i];
    return { trial: parsed.trials[t], patients: { control: cohort.n - treatment, treatment }, analyses: decode(record, point, plan, arms) };
  });
  return { file, point, trials };
}
