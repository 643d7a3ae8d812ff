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

const FAILURE = -1; // internal: the patient counts as a non-responder

/**
 * The value of patient i at visit k after the crossover and missing-data
 * rules: a number, NaN (not analysed), or FAILURE (non-responder).
 */
function resolvedValue(cohort: Cohort, values: Float64Array, i: number, k: number, ep: EndpointSpec): number {
  const visits = cohort.visits;
  const week = visits[k];
  // Confirmed deterioration at or before the week (TIS responder definition).
  if (ep.deterioration === 'failure' && cohort.deteriorationWeek[i] <= week) return FAILURE;
  const switched = cohort.crossoverWeek[i];
  if (switched < week) {
    // Switched before the analysis week (NaN compares false: never switched).
    if (ep.crossover === 'failure') return FAILURE;
    if (ep.crossover === 'locf') {
      const v = lastObserved(values, i, visits, switched, k + 1);
      if (v === v) return v;
      return ep.dropout === 'failure' ? FAILURE : NaN;
    }
  }
  const v = values[i * visits.length + k];
  if (v === v) return v;
  // Missing at the week: dropped out at or before it, or a missed visit.
  if (ep.dropout === 'failure') return FAILURE;
  if (ep.dropout === 'locf') return lastObserved(values, i, visits, week, k); // visits after a dropout are NaN
  return NaN;
}

/**
 * Writes the endpoint of every patient into `out` (length ≥ n): change,
 * value, or responder 1/0; NaN = not analysed. `baseline` (length ≥ n)
 * receives each analysed patient's baseline value of the measure (NaN for
 * those not analysed, and for a measure without one, e.g. TIS). Returns the number analysed, or -1 when the measure
 * or the week does not exist in the cohort.
 */
export function deriveEndpoint(cohort: Cohort, ep: EndpointSpec, out: Float64Array, baseline: Float64Array): number {
  const values = cohort.measures[ep.measure];
  const k = visitIndex(cohort.visits, ep.week);
  if (values === undefined || k < 0) return -1;
  const V = cohort.visits.length;
  const n = cohort.n;
  const needsBaseline = ep.type === 'change' || ep.type === 'reduction_responder';
  const limit = ep.baselineAbove;
  let used = 0;
  for (let i = 0; i < n; i++) {
    const b = values[i * V];
    out[i] = NaN;
    baseline[i] = NaN;
    if (limit !== -Infinity && !(b > limit)) continue;
    if (needsBaseline && b !== b) continue;
    const v = resolvedValue(cohort, values, i, k, ep);
    if (v === FAILURE) {
      out[i] = 0;
    } else if (v !== v) {
      continue;
    } else {
      switch (ep.type) {
        case 'change':
          out[i] = v - b;
          break;
        case 'value':
          out[i] = v;
          break;
        case 'reduction_responder':
          // Strict, as Fig. 3b's "reduction of >35%"; a quotient so that an
          // exact 35% (7/20) equals the literal 0.35 and is not counted.
          out[i] = (b - v) / b > ep.threshold ? 1 : 0;
          break;
        case 'threshold_responder':
          out[i] = v >= ep.threshold ? 1 : 0;
          break;
      }
    }
    baseline[i] = b;
    used++;
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
