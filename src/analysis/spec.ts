// What a scenario asks the analysis layer to do with each simulated trial:
// the analyses (endpoint, method, covariates, strata, sidedness, alpha) and
// the multiplicity procedure over their p-values. Plain data; the
// enumerations are written once here and the types derive from them, so the
// validator, the types and docs/analysis.md agree.
//
// `parseAnalysisSpecs` / `parseMultiplicitySpec` validate untrusted input
// (from the YAML scenario) once, with strict keys and path-qualified
// messages, and fill the defaults; everything downstream reads the typed
// result and never re-checks.
import { stratumLabels, validCuts } from './strata.js';
import { SpecReader, SpecError } from './specReader.js';

/** Test / estimation methods. Responder methods estimate the risk difference; their p comes from the named test. */
export const METHODS = [
  'ancova', // LS-mean difference, change ~ arm + baseline [+ stratum]
  'ttest', // pooled two-sample t, mean difference
  'welch', // Welch two-sample t, mean difference
  'wilcoxon', // rank-sum test; estimate = mean difference with pooled-t CI (documented)
  'responder_chisq', // Pearson chi-square without correction
  'responder_chisq_yates', // with Yates' correction
  'responder_fisher', // Fisher's exact test
  'responder_cmh', // Cochran–Mantel–Haenszel over the randomization strata
  'responder_wald', // Wald z test of the risk difference
  'responder_newcombe', // Newcombe hybrid-score CI; p from the Wald z test
  'mmrm', // LS-mean difference at the week from an MMRM (REML) over the post-baseline visits up to it
] as const;
export type Method = (typeof METHODS)[number];
export const CONTINUOUS_METHODS: readonly Method[] = ['ancova', 'ttest', 'welch', 'wilcoxon', 'mmrm'];
export function isResponderMethod(m: Method): boolean {
  return !CONTINUOUS_METHODS.includes(m);
}

/** How the per-patient outcome is derived from the visits. */
export const ENDPOINT_TYPES = [
  'change', // value at the week − baseline (continuous)
  'value', // value at the week (continuous)
  'reduction_responder', // (baseline − value) / baseline > threshold; baseline ≤ 0 excluded (Fig. 3b)
  'threshold_responder', // value ≥ threshold (TIS ≥ 20)
] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
export function isResponderEndpoint(t: EndpointType): boolean {
  return t === 'reduction_responder' || t === 'threshold_responder';
}

/** A patient who dropped out at or before the analysis week. */
export const DROPOUT_RULES = [
  'exclude', // missing: not analysed (complete case; the paper's week-16 n's imply this)
  'locf', // last observed value carried forward
  'failure', // responder endpoints only: counted as a non-responder (TIS primary endpoint)
] as const;
export type DropoutRule = (typeof DROPOUT_RULES)[number];

/** A patient switched to the other arm before the analysis week. */
export const CROSSOVER_RULES = [
  'locf', // last value before the switch carried forward (the paper's rule)
  'observed', // the value observed at the week, after the switch
  'failure', // responder endpoints only: non-responder (TIS: "without confirmed deterioration")
] as const;
export type CrossoverRule = (typeof CROSSOVER_RULES)[number];

/** A patient with confirmed deterioration at or before the analysis week (cohort.deteriorationWeek). */
export const DETERIORATION_RULES = [
  'ignore', // analysed as observed
  'failure', // responder endpoints only: non-responder (TIS: "without confirmed deterioration")
] as const;
export type DeteriorationRule = (typeof DETERIORATION_RULES)[number];

/** Direction of the test. 'less' / 'greater': one-sided, benefit = treatment − control below / above 0. */
export const SIDEDNESS = ['two_sided', 'less', 'greater'] as const;
export type Sidedness = (typeof SIDEDNESS)[number];

/**
 * The direction of benefit: treatment − control below 0 ('lower': a fall in
 * disease activity) or above 0 ('higher': more responders, more strength).
 * Power counts only rejections on this side; a two-sided test's rejections
 * on the other side are counted apart (rejectHarm).
 */
export const BENEFIT = ['lower', 'higher'] as const;
export type Benefit = (typeof BENEFIT)[number];

/** ANCOVA covariates: the endpoint's own baseline, the randomization stratum as a factor. */
export const COVARIATES = ['baseline', 'stratum'] as const;
export type Covariate = (typeof COVARIATES)[number];

export const MULTIPLICITY_PROCEDURES = ['none', 'bonferroni', 'holm', 'hochberg', 'fixed_sequence', 'graphical'] as const;
export type MultiplicityProcedure = (typeof MULTIPLICITY_PROCEDURES)[number];

export interface EndpointSpec {
  /** Measure id in the cohort (cdasi_a, tis, ... or a parametric model's endpoint name). */
  readonly measure: string;
  /** Analysis visit (week); must be one of the cohort's visits. */
  readonly week: number;
  readonly type: EndpointType;
  /** Responders: the reduction fraction (0.35) or the value threshold (20); NaN otherwise. */
  readonly threshold: number;
  /** Only patients whose baseline is above this are analysed (VAS: 0.2); -Infinity = everyone. */
  readonly baselineAbove: number;
  readonly dropout: DropoutRule;
  readonly crossover: CrossoverRule;
  readonly deterioration: DeteriorationRule;
}

export interface StrataSpec {
  /** Measure whose baseline defines the strata (default: the endpoint's measure). */
  readonly measure: string;
  /** Cut points c0 < ... < ck: strata (c0,c1], ..., (c(k-1),ck]; ck may be Infinity. */
  readonly cuts: readonly number[];
  readonly labels: readonly string[];
}

/**
 * Strategies for an intercurrent event (ICH E9(R1)); the event here is the
 * switch rule's trigger, confirmed deterioration before the analysis week,
 * in either arm (in the control arm the switch follows it).
 */
export const STRATEGIES = [
  'treatment_policy', // values after the event used as observed
  'hypothetical', // values after the event set missing; the analysis assumes MAR (MMRM)
  'composite', // the event is non-response (responders) or the stated worst value (continuous)
  'while_on_treatment', // the last value at or before the event
] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** An analysis' estimand: a strategy per intercurrent event. */
export interface EstimandSpec {
  /** The switch rule's event (confirmed deterioration before the week). */
  readonly switch: Strategy;
  /** Treatment discontinuation (design.discontinuation) before the week; absent: treatment policy. */
  readonly discontinuation?: Strategy;
  /** Composite strategy, continuous endpoints: the endpoint's value (a change for change endpoints) given to a patient with the event. */
  readonly worstValue?: number;
}

/** Covariance structures of the MMRM (stats/mmrm.ts names), tried in order. */
export const MMRM_COVARIANCES = ['us', 'toeph', 'ar1', 'cs'] as const;
export type MmrmCovariance = (typeof MMRM_COVARIANCES)[number];

export interface AnalysisSpec {
  readonly id: string;
  readonly endpoint: EndpointSpec;
  readonly method: Method;
  readonly covariates: readonly Covariate[];
  readonly strata: StrataSpec | null;
  readonly sidedness: Sidedness;
  readonly alpha: number;
  readonly ciLevel: number;
  /** The direction of benefit (one-sided tests: the one their sidedness names). */
  readonly benefit: Benefit;
  /** The estimand (absent: the endpoint's named rules, as before). */
  readonly estimand?: EstimandSpec;
  /** MMRM only: covariance structures tried in order (absent: us, toeph, ar1, cs). */
  readonly covariance?: readonly MmrmCovariance[];
}

export interface MultiplicitySpec {
  readonly procedure: MultiplicityProcedure;
  /** Family-wise alpha (default: the first analysis' alpha). */
  readonly alpha: number;
  /**
   * Analysis ids tested together (default: all, in the analyses' order); for
   * fixed_sequence this is the testing order. Analyses outside the family keep
   * rejectAdjusted = reject.
   */
  readonly family: readonly string[];
  /** Graphical procedure: initial weights and transition matrix, in the family's order. */
  readonly weights: readonly number[];
  readonly transitions: readonly (readonly number[])[];
}

export { SpecError };

const DEFAULT_WEEK = 16;

function defaultDropout(type: EndpointType): DropoutRule {
  return type === 'threshold_responder' ? 'failure' : 'exclude';
}
function defaultCrossover(type: EndpointType): CrossoverRule {
  return type === 'threshold_responder' ? 'failure' : 'locf';
}

function parseEndpoint(r: SpecReader, visits: readonly number[] | null): EndpointSpec {
  r.only(['measure', 'week', 'type', 'threshold', 'baselineAbove', 'dropout', 'crossover', 'deterioration']);
  const measure = r.string('measure');
  const week = r.number('week', DEFAULT_WEEK);
  if (visits !== null && !visits.includes(week)) r.fail('week', `must be one of the visits ${visits.join(', ')} (got ${week})`);
  if (week <= 0) r.fail('week', `must be after baseline (got ${week})`);
  const type = r.oneOf('type', ENDPOINT_TYPES, 'change');
  const responder = isResponderEndpoint(type);
  let threshold = NaN;
  if (responder) {
    threshold = r.number('threshold');
    if (type === 'reduction_responder' && !(threshold > 0 && threshold < 1)) {
      r.fail('threshold', `a reduction threshold is a fraction in (0, 1), e.g. 0.35 (got ${threshold})`);
    }
  } else if (r.has('threshold')) {
    r.fail('threshold', `only responder endpoints take a threshold (type is ${type})`);
  }
  const baselineAbove = r.number('baselineAbove', type === 'reduction_responder' ? 0 : -Infinity);
  if (type === 'reduction_responder' && baselineAbove < 0) {
    r.fail('baselineAbove', `a relative reduction needs a positive baseline: use 0 or more (got ${baselineAbove})`);
  }
  const dropout = r.oneOf('dropout', DROPOUT_RULES, defaultDropout(type));
  const crossover = r.oneOf('crossover', CROSSOVER_RULES, defaultCrossover(type));
  const deterioration = r.oneOf('deterioration', DETERIORATION_RULES, type === 'threshold_responder' ? 'failure' : 'ignore');
  if (!responder && dropout === 'failure') r.fail('dropout', `'failure' applies to responder endpoints only`);
  if (!responder && crossover === 'failure') r.fail('crossover', `'failure' applies to responder endpoints only`);
  if (!responder && deterioration === 'failure') r.fail('deterioration', `'failure' applies to responder endpoints only`);
  return { measure, week, type, threshold, baselineAbove, dropout, crossover, deterioration };
}

/** The paper's baseline CDASI-A severity strata (0,6], (6,14], (14,∞) (Fig. 3a): the default cuts for CDASI-A. */
export const CDASI_A_STRATA_CUTS: readonly number[] = [0, 6, 14, Infinity];

function parseStrata(r: SpecReader, endpointMeasure: string): StrataSpec {
  r.only(['measure', 'cuts']);
  const measure = r.string('measure', endpointMeasure);
  if (!r.has('cuts') && measure !== 'cdasi_a') r.fail('cuts', `missing (only cdasi_a has default cut points, the paper's [0, 6, 14, .inf])`);
  const cuts = r.has('cuts') ? r.numberList('cuts') : [...CDASI_A_STRATA_CUTS];
  if (!validCuts(cuts)) r.fail('cuts', `need at least two strictly increasing cut points, e.g. [0, 6, 14, .inf] (got [${cuts.join(', ')}])`);
  return { measure, cuts, labels: stratumLabels(cuts) };
}

/**
 * The benefit direction of an endpoint type when nothing else says it: a
 * responder is a success (higher), a continuous endpoint a score that falls
 * as the disease improves (lower). The scenario layer passes the measure's
 * own direction (src/scenario/benefit.ts), so this is the last resort.
 */
export function defaultBenefit(type: EndpointType): Benefit {
  return isResponderEndpoint(type) ? 'higher' : 'lower';
}

function parseAnalysis(r: SpecReader, visits: readonly number[] | null): AnalysisSpec {
  r.only(['id', 'endpoint', 'method', 'covariates', 'strata', 'sidedness', 'alpha', 'ciLevel', 'benefit', 'estimand', 'covariance']);
  const id = r.string('id');
  const endpoint = parseEndpoint(r.child('endpoint'), visits);
  const method = r.oneOf('method', METHODS, isResponderEndpoint(endpoint.type) ? 'responder_chisq' : 'ancova');
  if (isResponderEndpoint(endpoint.type) !== isResponderMethod(method)) {
    r.fail('method', `${method} does not fit a ${endpoint.type} endpoint`);
  }
  const covariates = r.has('covariates')
    ? r.enumList('covariates', COVARIATES)
    : method === 'ancova' || method === 'mmrm'
      ? (['baseline'] as Covariate[])
      : [];
  const adjusts = method === 'ancova' || method === 'mmrm';
  if (covariates.length > 0 && !adjusts) r.fail('covariates', `only ancova and mmrm adjust for covariates (method is ${method})`);
  if (adjusts && !covariates.includes('baseline')) r.fail('covariates', `${method} needs 'baseline'`);
  const strata = r.has('strata') ? parseStrata(r.child('strata'), endpoint.measure) : null;
  const sidedness = r.oneOf('sidedness', SIDEDNESS, 'two_sided');
  const alpha = r.number('alpha', 0.05);
  if (!(alpha > 0 && alpha < 1)) r.fail('alpha', `must be in (0, 1) (got ${alpha})`);
  const ciLevel = r.number('ciLevel', 0.95);
  if (!(ciLevel > 0 && ciLevel < 1)) r.fail('ciLevel', `must be in (0, 1) (got ${ciLevel})`);
  const implied: Benefit | null = sidedness === 'less' ? 'lower' : sidedness === 'greater' ? 'higher' : null;
  const benefit = r.oneOf('benefit', BENEFIT, implied ?? defaultBenefit(endpoint.type));
  if (implied !== null && benefit !== implied) {
    r.fail('benefit', `a one-sided '${sidedness}' test names its direction of benefit: ${implied} (got ${benefit})`);
  }
  const estimand = parseEstimand(r, endpoint, method, visits);
  let covariance: MmrmCovariance[] | null = null;
  if (r.has('covariance')) {
    if (method !== 'mmrm') r.fail('covariance', `only mmrm takes a covariance structure (method is ${method})`);
    covariance = r.enumList('covariance', MMRM_COVARIANCES);
    if (covariance.length === 0) r.fail('covariance', `name at least one of ${MMRM_COVARIANCES.join(', ')}`);
  }
  return {
    id,
    endpoint,
    method,
    covariates,
    strata,
    sidedness,
    alpha,
    ciLevel,
    benefit,
    ...(estimand !== null ? { estimand } : {}),
    ...(covariance !== null ? { covariance } : {}),
  };
}

/** The estimand block (MMRM without one: treatment policy); null when neither. */
function parseEstimand(r: SpecReader, endpoint: EndpointSpec, method: Method, visits: readonly number[] | null): EstimandSpec | null {
  if (method === 'mmrm' && visits !== null && visits.filter((w) => w > 0 && w <= endpoint.week).length < 2) {
    r.fail('method', `mmrm needs at least two post-baseline visits up to week ${endpoint.week} (the model has ${visits.filter((w) => w > 0 && w <= endpoint.week).join(', ')}); use ancova`);
  }
  if (!r.has('estimand')) return method === 'mmrm' ? { switch: 'treatment_policy' } : null;
  const e = r.child('estimand');
  e.only(['switch', 'discontinuation', 'worstValue']);
  const strategy = e.oneOf('switch', STRATEGIES, 'treatment_policy');
  const stop = e.oneOf('discontinuation', STRATEGIES, 'treatment_policy');
  const composite = strategy === 'composite' || stop === 'composite';
  const responder = isResponderEndpoint(endpoint.type);
  if (e.has('worstValue') && (!composite || responder)) {
    e.fail('worstValue', responder ? `a responder endpoint's composite is non-response: no worst value` : `only the composite strategy takes a worst value (switch: ${strategy}, discontinuation: ${stop})`);
  }
  if (composite && !responder && !e.has('worstValue')) {
    e.fail('worstValue', `the composite strategy on a ${endpoint.type} endpoint needs the worst value the event counts as (on the endpoint's scale)`);
  }
  if (endpoint.dropout === 'locf') {
    r.fail('estimand', `LOCF is a legacy rule, not a strategy: with an estimand, endpoint.dropout is exclude or failure`);
  }
  const worstValue = e.has('worstValue') ? e.number('worstValue') : undefined;
  return { switch: strategy, ...(e.has('discontinuation') ? { discontinuation: stop } : {}), ...(worstValue === undefined ? {} : { worstValue }) };
}

/**
 * Validate a list of analyses (unknown input). `visits`, when given, are the
 * cohort's visit weeks, against which each endpoint's week is checked.
 * Throws SpecError with the path of the first problem.
 */
export function parseAnalysisSpecs(raw: unknown, where = 'analyses', visits: readonly number[] | null = null): AnalysisSpec[] {
  const list = SpecReader.list(raw, where);
  if (list.length === 0) throw new SpecError(where, 'name at least one analysis');
  const out = list.map((item) => parseAnalysis(item, visits));
  const seen = new Set<string>();
  out.forEach((a, i) => {
    if (seen.has(a.id)) throw new SpecError(`${where}[${i}].id`, `duplicate analysis id '${a.id}'`);
    seen.add(a.id);
  });
  return out;
}

/** Validate the multiplicity block against the analyses (absent = 'none'). */
export function parseMultiplicitySpec(raw: unknown, analyses: readonly AnalysisSpec[], where = 'multiplicity'): MultiplicitySpec {
  const ids = analyses.map((a) => a.id);
  const alphaDefault = analyses[0]?.alpha ?? 0.05;
  if (raw === undefined || raw === null) return { procedure: 'none', alpha: alphaDefault, family: ids, weights: [], transitions: [] };
  const r = SpecReader.object(raw, where);
  r.only(['procedure', 'alpha', 'family', 'weights', 'transitions']);
  const procedure = r.oneOf('procedure', MULTIPLICITY_PROCEDURES, 'none');
  const alpha = r.number('alpha', alphaDefault);
  if (!(alpha > 0 && alpha < 1)) r.fail('alpha', `must be in (0, 1) (got ${alpha})`);
  let family = ids;
  if (r.has('family')) {
    family = r.stringList('family');
    family.forEach((id, i) => {
      if (!ids.includes(id)) throw new SpecError(`${r.at('family')}[${i}]`, `unknown analysis id '${id}'; expected one of ${ids.join(', ')}`);
      if (family.indexOf(id) !== i) throw new SpecError(`${r.at('family')}[${i}]`, `analysis '${id}' listed twice`);
    });
    if (family.length === 0) r.fail('family', 'name at least one analysis');
  }
  let weights: number[] = [];
  let transitions: number[][] = [];
  const m = family.length;
  if (procedure === 'graphical') {
    weights = r.numberList('weights');
    if (weights.length !== m) r.fail('weights', `need one weight per family member (${m}), got ${weights.length}`);
    transitions = r.numberMatrix('transitions');
    if (transitions.length !== m || transitions.some((row) => row.length !== m)) {
      r.fail('transitions', `must be ${m}×${m}, one row and column per family member`);
    }
  } else if (r.has('weights') || r.has('transitions')) {
    r.fail(r.has('weights') ? 'weights' : 'transitions', `only the graphical procedure takes weights and transitions`);
  }
  return { procedure, alpha, family, weights, transitions };
}
