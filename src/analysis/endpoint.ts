// Per-patient endpoint derivation from a simulated cohort, with the paper's
// rules (Werth et al. 2023, Methods, Statistical methods):
//
// - Patients switched to the other arm before the analysis week: "the last
//   value prior to switch was carried forward to Week 16" (crossover 'locf').
//   The assessment at the switch visit itself precedes the first infusion of
//   the new treatment, so it counts as the last value before the switch.
// - Patients without a value at the week (dropouts; an intermittently missing
//   visit): the paper's week-16 n's (45 + 46 with a week-16 value, Fig. 5's
//   N = 91; docs/analysis.md) imply they were not analysed ('exclude', the default);
//   'locf' carries the last post-baseline value forward; responder endpoints
//   may count them as failures (TIS primary endpoint).
// - Confirmed deterioration (cohort.deteriorationWeek ≤ week): a responder
//   endpoint may count it as a failure (TIS: "without confirmed deterioration").
// - A baseline exclusion (cutaneous VAS ≤ 0.2; CDASI-A = 0 for the relative
//   reduction) removes the patient from that analysis.
//
// Output convention: one number per patient, NaN = not analysed; responder
// endpoints write 1 (responder) or 0 (non-responder).
import type { Cohort } from '../model/cohort.js';
import { ENDPOINT_RULES, EndpointKind, MissingRule, SwitchRule } from './endpointRules.js';
import type { EndpointSpec } from './spec.js';

/** Index of `week` among the visits, or -1. */
export function visitIndex(visits: ArrayLike<number>, week: number): number {
  for (let k = 0; k < visits.length; k++) if (visits[k] === week) return k;
  return -1;
}

/**
 * Last observed post-baseline value of patient i at a visit with week ≤ upTo
 * (and index < kEnd), or NaN when there is none.
 */
export function lastObserved(values: Float64Array, i: number, visits: ArrayLike<number>, upTo: number, kEnd: number): number {
  const V = visits.length;
  const row = i * V;
  for (let k = Math.min(kEnd, V) - 1; k >= 1; k--) {
    if (visits[k] > upTo) continue;
    const v = values[row + k];
    if (v === v) return v;
  }
  return NaN;
}

/** An endpoint's rules as their codes (endpointRules.ts), read once, not per patient or per trial. */
export interface EndpointRules {
  readonly measure: string;
  readonly week: number;
  /** An EndpointKind. */
  readonly type: number;
  readonly needsBaseline: boolean;
  /** Analysed only when the baseline is above it (-Infinity: everyone). */
  readonly limit: number;
  readonly threshold: number;
  readonly deteriorationFails: boolean;
  /** A switch before the week: a SwitchRule. */
  readonly crossover: number;
  /** Missing at the week: a MissingRule. */
  readonly dropout: number;
}

export function endpointRules(ep: EndpointSpec): EndpointRules {
  const type = ENDPOINT_RULES.type[ep.type];
  return {
    measure: ep.measure,
    week: ep.week,
    type: type.code,
    needsBaseline: type.readsBaseline,
    limit: ep.baselineAbove,
    threshold: ep.threshold,
    deteriorationFails: ep.deterioration === 'failure',
    crossover: ENDPOINT_RULES.crossover[ep.crossover].code,
    dropout: ENDPOINT_RULES.dropout[ep.dropout].code,
  };
}

/**
 * Writes the endpoint of every patient into `out` (length ≥ n): change,
 * value, or responder 1/0; NaN = not analysed. `baseline` (length ≥ n)
 * receives each analysed patient's baseline value of the measure (NaN for
 * those not analysed, and for a measure without one, e.g. TIS). Returns the number analysed, or -1 when the measure
 * or the week does not exist in the cohort.
 */
export function deriveEndpoint(cohort: Cohort, ep: EndpointSpec, out: Float64Array, baseline: Float64Array): number {
  return deriveByRules(cohort, endpointRules(ep), out, baseline);
}

/** deriveEndpoint with the rules read beforehand (a simulation: once per analysis). */
export function deriveByRules(cohort: Cohort, rules: EndpointRules, out: Float64Array, baseline: Float64Array): number {
  const values = cohort.measures[rules.measure];
  const visits = cohort.visits;
  const k = visitIndex(visits, rules.week);
  if (values === undefined || k < 0) return -1;
  const V = visits.length;
  const n = cohort.n;
  const week = visits[k];
  const { type, needsBaseline, limit, threshold, deteriorationFails, crossover, dropout } = rules;
  const deteriorationWeek = cohort.deteriorationWeek;
  const crossoverWeek = cohort.crossoverWeek;
  let used = 0;
  for (let i = 0; i < n; i++) {
    const row = i * V;
    const b = values[row];
    // The endpoint: a number, or NaN (not analysed). One store per patient and array.
    let r = NaN;
    if ((limit === -Infinity || b > limit) && (!needsBaseline || b === b)) {
      // The value at the week after the rules: a number or NaN (not analysed);
      // `failed`: the patient counts as a non-responder whatever the value.
      let v = values[row + k];
      let failed = false;
      if (deteriorationFails && deteriorationWeek[i] <= week) {
        // Confirmed deterioration at or before the week (TIS responder definition).
        failed = true;
      } else if (crossover !== SwitchRule.observed && crossoverWeek[i] < week) {
        // Switched before the analysis week (NaN compares false: never switched).
        if (crossover === SwitchRule.failure) failed = true;
        else {
          // The last value at or before the switch visit: lastObserved written
          // out. Its call here, though taken for a few patients a trial, made
          // the whole loop slower: 6 µs a replicate of the shipped scenario (A/B).
          const switched = crossoverWeek[i];
          v = NaN;
          for (let j = k; j >= 1; j--) {
            if (visits[j] > switched) continue;
            const x = values[row + j];
            if (x === x) {
              v = x;
              break;
            }
          }
          if (v !== v && dropout === MissingRule.failure) failed = true;
        }
      } else if (v !== v) {
        // Missing at the week: dropped out at or before it, or a missed visit.
        if (dropout === MissingRule.failure) failed = true;
        else if (dropout === MissingRule.carryLast) v = lastObserved(values, i, visits, week, k); // visits after a dropout are NaN
      }
      if (failed) r = 0;
      else if (v !== v) r = NaN;
      else if (type === EndpointKind.change) r = v - b;
      else if (type === EndpointKind.value) r = v;
      // Strict, as Fig. 3b's "reduction of >35%"; a quotient so that an
      // exact 35% (7/20) equals the literal 0.35 and is not counted.
      else if (type === EndpointKind.reductionResponder) r = +((b - v) / b > threshold); // 1 or 0, without a branch on a coin flip
      else r = +(v >= threshold);
    }
    out[i] = r;
    const analysed = r === r;
    baseline[i] = analysed ? b : NaN;
    used += +analysed;
  }
  return used;
}

/** Baseline of `measure` for every patient into `out` (NaN where missing); false when the measure is absent. */
export function baselineOf(cohort: Cohort, measure: string, out: Float64Array): boolean {
  const values = cohort.measures[measure];
  if (values === undefined) return false;
  const V = cohort.visits.length;
  for (let i = 0; i < cohort.n; i++) out[i] = values[i * V];
  return true;
}
