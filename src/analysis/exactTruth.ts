// The true value of an estimand where it is known exactly, so that bias and
// coverage are measured against it and not against a simulated population
// with its own Monte Carlo error (src/analysis/truth.ts). Two cases:
//
// - The null: with effect scale 0 both arms share one distribution (the
//   treatment arm responds exactly as placebo, the same dropout and
//   deterioration), so every difference of the arms is 0: mean, LS-mean
//   (baseline and stratum are independent of the randomized arm, so the
//   population regression's arm coefficient is the difference of the arm
//   means), risk difference, Mantel–Haenszel risk difference and every
//   within-stratum difference. Not when the trial switches control patients
//   who deteriorate (design.crossover) and the endpoint treats a switch in
//   its own way (crossover rule locf or failure): that rule then falls on one
//   arm only, and the truth is simulated.
// - The parametric model, for what has a closed form: a normal endpoint's
//   change or value at the primary week (any continuous method, or ANCOVA) is
//   the difference of the arm means, μt − μc, the baseline having the same
//   distribution in both arms; a binary endpoint's responder rate difference
//   (any responder method; CMH when its strata are independent of the
//   outcome) is pt − pc; effect_scale interpolates both as the model does.
//   Within a baseline stratum the same holds when the arms' SDs are equal
//   (normal) or the stratifying baseline is independent of the outcome
//   (binary). It needs no eligibility rule, no baseline restriction of the
//   analysis, and no dropout that the endpoint imputes (dropout is missing
//   completely at random in this model, so a complete-case analysis keeps
//   the estimand).
//
// Anything else (the ProDERM model's alternative, responder thresholds on a
// normal endpoint, LOCF with dropout, eligibility) keeps the simulated truth
// and its SE, which then enters the bias' and coverage's MCSE
// (src/engine/mcse.ts).
import type { AnalysisTruth, Truth, TruthValue } from '../engine/truth.js';
import type { ParametricParams } from '../model/parametricParams.js';
import type { ModelSetups, TrialSpec } from '../design/trial.js';
import { parseKernelSpec } from './kernelSpec.js';
import type { AnalysisSpec } from './spec.js';

export interface ExactTruth {
  /** The analyses and strata known exactly (se 0, source 'closed_form' or 'null'). */
  readonly truth: Truth;
  /** True when every analysis and every stratum of the spec is in `truth`: no population is needed. */
  readonly complete: boolean;
}

/** The overall and within-stratum truth of one analysis, or null where unknown. */
interface Known {
  overall: number | null;
  stratum: number | null;
}

function isNullRun(trial: TrialSpec): boolean {
  return trial.model.params.effectScale === 0;
}

/** Under the null: 0, unless a crossover rule falls on the switched control arm only. */
function nullKnown(trial: TrialSpec, a: AnalysisSpec): Known {
  const switches = trial.design.crossover && a.endpoint.crossover !== 'observed';
  return switches ? { overall: null, stratum: null } : { overall: 0, stratum: 0 };
}

const lerp = (c: number, t: number, s: number): number => c + s * (t - c);

function parametricKnown(p: ParametricParams, trial: TrialSpec, a: AnalysisSpec): Known {
  const none = { overall: null, stratum: null };
  const j = p.endpoints.findIndex((e) => e.id === a.endpoint.measure);
  if (j < 0 || trial.design.eligibility.length > 0) return none;
  const ep = a.endpoint;
  if (ep.week !== p.primaryWeek || ep.baselineAbove !== -Infinity) return none;
  const dropout = trial.design.dropout.beforePrimary ?? p.dropout;
  if (ep.dropout !== 'exclude' && dropout > 0) return none;
  const e = p.endpoints[j];
  const s = p.effectScale;
  const stratumMeasure = a.strata === null ? null : p.endpoints.findIndex((x) => x.id === a.strata?.measure);
  if (e.type === 'normal') {
    if (ep.type !== 'change' && ep.type !== 'value') return none;
    // A value-scale endpoint without a baseline has no change (its week 0 is missing).
    if (ep.type === 'change' && e.scale === 'value' && e.baseline === null) return none;
    const d = lerp(e.mean.control, e.mean.treatment, s) - e.mean.control;
    const equalSD = lerp(e.sd.control, e.sd.treatment, s) === e.sd.control;
    return { overall: d, stratum: equalSD ? d : null };
  }
  // Binary: the responder rate is P(value >= threshold) of a 0/1 value.
  let responds: boolean;
  if (ep.type === 'value') responds = true;
  else if (ep.type === 'threshold_responder') responds = ep.threshold > 0 && ep.threshold <= 1;
  else return none;
  const d = responds ? lerp(e.probability.control, e.probability.treatment, s) - e.probability.control : 0;
  // Strata (the analysis' baseline strata, or CMH's randomization strata) keep
  // the marginal difference only when their baseline is independent of this outcome.
  const independentOf = (k: number | null): boolean => k !== null && k >= 0 && k !== j && (p.correlation === null || p.correlation[j][k] === 0);
  const stratification = trial.design.stratification;
  if (a.method === 'responder_cmh' && stratification !== null && !independentOf(p.endpoints.findIndex((x) => x.id === stratification.measure))) return none;
  return { overall: d, stratum: independentOf(stratumMeasure) ? d : null };
}

/**
 * The exactly known truths of a kernel spec (the same input as computeTruth).
 * A stratum is filled only with its analysis.
 */
export function exactTruth(spec: unknown, setups?: ModelSetups): ExactTruth {
  const { trial, plan } = parseKernelSpec(spec, setups);
  const truth: Record<string, AnalysisTruth> = {};
  let complete = true;
  const nullRun = isNullRun(trial);
  const source: TruthValue['source'] = nullRun ? 'null' : 'closed_form';
  plan.analyses.forEach((a, i) => {
    const lay = plan.layout.analyses[i];
    const model = trial.model;
    const known = nullRun ? nullKnown(trial, a) : model.kind === 'parametric' ? parametricKnown(model.params, trial, a) : { overall: null, stratum: null };
    if (known.overall === null) {
      complete = false;
      return;
    }
    const value: TruthValue = { value: known.overall, se: 0, source };
    if (lay.strata.length === 0) {
      truth[lay.id] = value;
      return;
    }
    const strata: Record<string, TruthValue> = {};
    if (known.stratum === null) complete = false;
    else for (const s of lay.strata) strata[s.label] = { value: known.stratum, se: 0, source };
    truth[lay.id] = { ...value, strata };
  });
  return { truth, complete };
}

/**
 * A simulated truth with the exact values laid over it: an exact value
 * replaces the simulated one (and an analysis' strata keep their simulated
 * values where no exact one is known); every value says its source.
 */
export function withExactTruth(simulated: Truth, exact: Truth): Truth {
  const sim = (t: TruthValue): TruthValue => ({ value: t.value, se: t.se, source: t.source ?? 'simulated' });
  const out: Record<string, AnalysisTruth> = {};
  for (const [id, t] of Object.entries(simulated)) {
    const strata = t.strata === undefined ? undefined : Object.fromEntries(Object.entries(t.strata).map(([k, v]) => [k, sim(v)]));
    out[id] = strata === undefined ? sim(t) : { ...sim(t), strata };
  }
  for (const [id, e] of Object.entries(exact)) {
    const own = out[id];
    const strata = { ...(own?.strata ?? {}), ...(e.strata ?? {}) };
    const base: TruthValue = { value: e.value, se: e.se, source: e.source };
    out[id] = e.strata === undefined && own?.strata === undefined ? base : { ...base, strata };
  }
  return out;
}
