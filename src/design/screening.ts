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
