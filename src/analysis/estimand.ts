// An analysis' estimand (ICH E9(R1)) turned into analysis data: the strategy
// for the intercurrent event applied to each patient's visits, for the trial
// (deriveEstimand: one value per patient; estimandVisits: every
// post-baseline visit up to the week, for the MMRM) and for the truth (the
// same derivation on the potential outcomes, analysis/estimandTruth.ts).
//
// The intercurrent event is the switch rule's trigger, confirmed
// deterioration before the analysis week (cohort.deteriorationWeek < week),
// in either arm: in the control arm the switch follows it. Defining it on the
// trigger, not on the switch, makes it the same event in both arms, so that
// with no treatment effect every estimand compares a patient with itself and
// is 0.
//
//   treatment_policy    values as observed, after the event too
//   hypothetical        values after the event missing (the analysis assumes MAR: MMRM)
//   composite           the event is non-response (responders) or worstValue (continuous)
//   while_on_treatment  after the event, the value at the last visit at or before it
//
// The second intercurrent event is treatment discontinuation
// (design.discontinuation; cohort.stopWeek, the last visit on treatment, in
// either arm), with a strategy of its own (estimand.discontinuation). The
// visits after an event are those later than its week. When both events
// happen before the week, the earlier one whose strategy is not treatment
// policy decides the visits after it (at the same week: composite, then
// hypothetical, then while on treatment); an event handled by treatment
// policy changes nothing. With the same discontinuation hazard in both arms,
// a patient with no treatment effect stops at the same visit under both, so
// every estimand's truth stays exactly 0.
//
// Missing values (dropout) stay missing: responders with endpoint.dropout
// 'failure' count as non-responders; LOCF is not a strategy (spec.ts).
import type { Cohort } from '../model/cohort.js';
import { EndpointKind, MissingRule } from './endpointRules.js';
import { visitIndex, type EndpointRules } from './endpoint.js';
import type { EstimandSpec, Strategy } from './spec.js';

export const StrategyCode = { treatmentPolicy: 0, hypothetical: 1, composite: 2, whileOnTreatment: 3 } as const;

const CODES: Readonly<Record<Strategy, number>> = {
  treatment_policy: StrategyCode.treatmentPolicy,
  hypothetical: StrategyCode.hypothetical,
  composite: StrategyCode.composite,
  while_on_treatment: StrategyCode.whileOnTreatment,
};

/** An estimand as codes, read once per analysis. */
export interface EstimandRules {
  /** A StrategyCode: the switch rule's event. */
  readonly strategy: number;
  /** A StrategyCode: treatment discontinuation. */
  readonly stop: number;
  /** Composite, continuous: the endpoint's value given to a patient with the event. */
  readonly worst: number;
}

export function estimandRules(e: EstimandSpec): EstimandRules {
  return { strategy: CODES[e.switch], stop: CODES[e.discontinuation ?? 'treatment_policy'], worst: e.worstValue ?? NaN };
}

/** Which strategy wins when both events fall on the same week (composite first). */
const RANK: readonly number[] = [3, 1, 0, 2]; // by StrategyCode

/**
 * The event that decides patient i's visits after it, before `week`: its week
 * into ev[0] and its StrategyCode into ev[1] (NaN and treatment policy: none).
 * The earlier of the switch trigger and the stop whose strategy is not
 * treatment policy (module comment).
 */
function governingEvent(cohort: Cohort, i: number, week: number, est: EstimandRules, ev: Float64Array): void {
  let E = NaN;
  let s: number = StrategyCode.treatmentPolicy;
  const dw = cohort.deteriorationWeek[i];
  if (est.strategy !== StrategyCode.treatmentPolicy && dw < week) {
    E = dw;
    s = est.strategy;
  }
  const stopped = cohort.stopWeek;
  const sw = stopped === undefined ? NaN : stopped[i];
  if (est.stop !== StrategyCode.treatmentPolicy && sw < week && (E !== E || sw < E || (sw === E && RANK[est.stop] < RANK[s]))) {
    E = sw;
    s = est.stop;
  }
  ev[0] = E;
  ev[1] = s;
}

/** The endpoint of a raw value v with baseline b (NaN when v is). */
function endpointOf(rules: EndpointRules, v: number, b: number): number {
  if (v !== v) return NaN;
  const type = rules.type;
  if (type === EndpointKind.change) return v - b;
  if (type === EndpointKind.value) return v;
  if (type === EndpointKind.reductionResponder) return +((b - v) / b > rules.threshold);
  return +(v >= rules.threshold);
}

/** The raw value at visit j of a patient (row) with event week E (NaN: none) under the strategy; `worst` is reported apart. */
function strategyValue(values: Float64Array, row: number, j: number, visits: readonly number[], E: number, strategy: number): number {
  const v = values[row + j];
  if (!(visits[j] > E)) return v; // before the event, or none
  if (strategy === StrategyCode.hypothetical) return NaN;
  if (strategy === StrategyCode.whileOnTreatment) {
    for (let l = j - 1; l >= 1; l--) if (visits[l] <= E) return values[row + l];
    return NaN;
  }
  return v;
}

/** Whether patient i is analysed at all (the baseline rules). */
function analysable(rules: EndpointRules, b: number): boolean {
  return (rules.limit === -Infinity || b > rules.limit) && (!rules.needsBaseline || b === b);
}

/**
 * The endpoint of every patient under the estimand into `out`, baselines into
 * `baseline` (NaN where not analysed), as deriveByRules; returns the number
 * analysed, or -1 when the measure or the week is not in the cohort.
 */
export function deriveEstimand(cohort: Cohort, rules: EndpointRules, est: EstimandRules, out: Float64Array, baseline: Float64Array): number {
  const values = cohort.measures[rules.measure];
  const visits = cohort.visits;
  const k = visitIndex(visits, rules.week);
  if (values === undefined || k < 0) return -1;
  const V = visits.length;
  const week = visits[k];
  const responder = rules.type === EndpointKind.reductionResponder || rules.type === EndpointKind.thresholdResponder;
  const missingFails = responder && rules.dropout === MissingRule.failure;
  const ev = new Float64Array(2);
  let used = 0;
  for (let i = 0; i < cohort.n; i++) {
    const row = i * V;
    const b = values[row];
    let r = NaN;
    if (analysable(rules, b)) {
      governingEvent(cohort, i, week, est, ev);
      const E = ev[0];
      const s = ev[1];
      if (E === E && s === StrategyCode.composite) r = responder ? 0 : est.worst;
      else {
        r = endpointOf(rules, strategyValue(values, row, k, visits, E, s), b);
        // Missing because of a dropout (not a hypothetical value): a responder may count as a failure.
        if (r !== r && missingFails && !(E === E && s === StrategyCode.hypothetical)) r = 0;
      }
    }
    out[i] = r;
    const analysed = r === r;
    baseline[i] = analysed ? b : NaN;
    used += +analysed;
  }
  return used;
}

/**
 * The MMRM's data: every post-baseline visit 1..K up to the week (K = its
 * index), patient-major into y[i * K + j - 1], under the estimand (change or
 * value); baselines into `baseline` (NaN: patient not analysed). Returns K, or
 * -1 when the measure or the week is not in the cohort.
 */
export function estimandVisits(cohort: Cohort, rules: EndpointRules, est: EstimandRules, y: Float64Array, baseline: Float64Array): number {
  const values = cohort.measures[rules.measure];
  const visits = cohort.visits;
  const K = visitIndex(visits, rules.week);
  if (values === undefined || K < 0) return -1;
  const V = visits.length;
  const week = visits[K];
  const ev = new Float64Array(2);
  for (let i = 0; i < cohort.n; i++) {
    const row = i * V;
    const b = values[row];
    const ok = analysable(rules, b);
    baseline[i] = ok ? b : NaN;
    governingEvent(cohort, i, week, est, ev);
    const E = ev[0];
    const s = ev[1];
    for (let j = 1; j <= K; j++) {
      let r = NaN;
      if (ok) {
        if (s === StrategyCode.composite && visits[j] > E) r = est.worst;
        else r = endpointOf(rules, strategyValue(values, row, j, visits, E, s), b);
      }
      y[i * K + j - 1] = r;
    }
  }
  return K;
}
