// The record every multiplicity procedure returns: one entry per hypothesis,
// in the order the p-values were given.
export interface MultiplicityResult {
  /** Multiplicity-adjusted p-values, each in [0, 1]. */
  readonly adjusted: Float64Array;
  /** 1 where the hypothesis is rejected at the requested alpha. */
  readonly rejected: Uint8Array;
}

// A NaN p-value (a test that was not estimable) counts as p = 1: it is never
// rejected, its adjusted p-value is 1, and it still counts towards the number
// of hypotheses (the procedure was fixed before the data). For Bonferroni,
// Holm and Hochberg the other adjusted p-values are then those of R's
// p.adjust(p, method, n = length(p)); p.adjust's default instead adjusts for
// the non-NA p-values only (its n is evaluated after the NAs are dropped).
export function pOrOne(p: number): number {
  return Number.isNaN(p) ? 1 : p;
}
