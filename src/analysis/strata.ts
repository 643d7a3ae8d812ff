// Baseline strata by cut points: the paper's CDASI-A severity groups
// (0,6], (6,14], (14,∞) and cutaneous-VAS groups (0.2,3], (3,10].
//
// Cut points c0 < c1 < ... < ck define k left-open, right-closed intervals
// (c0,c1], ..., (c(k-1),ck]; ck may be Infinity. A baseline at or below c0
// (the paper's CDASI-A zeros: "not including patients who had a CDASI-A value
// of 0 at baseline", Fig. 3/4 legends), above ck, or missing is in no stratum.

/** Labels as the targets file writes them: "(0,6]", "(14,inf)". */
export function stratumLabels(cuts: readonly number[]): string[] {
  const labels: string[] = [];
  for (let s = 0; s + 1 < cuts.length; s++) {
    const hi = cuts[s + 1];
    labels.push(hi === Infinity ? `(${fmt(cuts[s])},inf)` : `(${fmt(cuts[s])},${fmt(hi)}]`);
  }
  return labels;
}

function fmt(x: number): string {
  return x === -Infinity ? '-inf' : String(x);
}

/** Index of the stratum holding `value`, or -1 when it is in none (or NaN). */
export function stratumOf(value: number, cuts: readonly number[]): number {
  const last = cuts.length - 1;
  if (!(value > cuts[0]) || value > cuts[last]) return -1; // also catches NaN
  // The number of inner cuts below the value (the cuts increase): a sum, not
  // a branch per cut on where a random patient falls.
  let s = 0;
  for (let j = 1; j < last; j++) s += +(value > cuts[j]);
  return s;
}

/** True when `cuts` are at least two strictly increasing numbers (last may be Infinity). */
export function validCuts(cuts: readonly number[]): boolean {
  if (cuts.length < 2) return false;
  for (let s = 0; s < cuts.length; s++) {
    if (Number.isNaN(cuts[s])) return false;
    if (s > 0 && !(cuts[s] > cuts[s - 1])) return false;
  }
  return cuts[0] !== Infinity;
}
