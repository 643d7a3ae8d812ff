// Who is enrolled and in which randomization stratum: both read only the
// patient's week-0 values, so an enriched design is the same population
// restricted, not a different model.
import type { EligibilityRule, Stratification } from './designSpec.js';

/** Whether a week-0 value satisfies one eligibility rule (a missing value never does). */
export function meetsRule(rule: EligibilityRule, value: number): boolean {
  if (value !== value) return false;
  if (rule.min !== null && (rule.minInclusive ? !(value >= rule.min) : !(value > rule.min))) return false;
  if (rule.max !== null && (rule.maxInclusive ? !(value <= rule.max) : !(value < rule.max))) return false;
  return true;
}

/** Stratum index: the number of cut points the value exceeds; (0, 6], (6, 14], > 14 for ProDERM's [6, 14]. */
export function stratumOf(cutpoints: readonly number[], value: number): number {
  // The cut points increase (validated), so this count is the first cut not
  // exceeded; a sum rather than a branch per cut on a random patient.
  let s = 0;
  for (let j = 0; j < cutpoints.length; j++) s += +(value > cutpoints[j]);
  return s;
}

export function strataCount(stratification: Stratification | null): number {
  return stratification === null ? 1 : stratification.cutpoints.length + 1;
}

/**
 * The validation's look at who a design enrols: `patients` patients drawn
 * from the model (from a fixed stream, so the check is deterministic),
 * screened by the rules; the week-0 values of those eligible.
 */
export interface ScreeningSample {
  readonly screened: number;
  readonly eligible: number;
  /** eligible × measures week-0 values, cohort order. */
  readonly base: Float64Array;
}

/** Patients the check draws: at the limit below (1 in 100 eligible) about 200 of them are eligible. */
export const SCREENING_CHECK_PATIENTS = 20_000;

/**
 * A design whose eligibility rules admit fewer than 1 in this many screened
 * patients is refused: each of its trials would screen more than this
 * multiple of its sample size (ProDERM's enrichment CDASI-A > 14 screens
 * about 2 per patient enrolled).
 */
export const SCREENING_MULTIPLE = 100;

export function screeningSample(
  baseline: (u: Float64Array, out: Float64Array) => void,
  drawsPerPatient: number,
  measures: number,
  rules: readonly { readonly rule: EligibilityRule; readonly index: number }[],
  patients: { uniforms(out: Float64Array, count: number): void },
  count: number = SCREENING_CHECK_PATIENTS,
): ScreeningSample {
  const u = new Float64Array(drawsPerPatient);
  const base = new Float64Array(count * measures);
  let eligible = 0;
  for (let i = 0; i < count; i++) {
    patients.uniforms(u, drawsPerPatient);
    const row = base.subarray(eligible * measures, (eligible + 1) * measures);
    baseline(u, row);
    let ok = true;
    for (let r = 0; r < rules.length && ok; r++) ok = meetsRule(rules[r].rule, row[rules[r].index]);
    if (ok) eligible++;
  }
  return { screened: count, eligible, base: base.slice(0, eligible * measures) };
}
