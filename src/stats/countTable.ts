// Validation shared by the statistics that take contingency-table counts.

/** A usable count: finite and not negative (NaN fails). */
export function isCount(v: number): boolean {
  return v >= 0 && v < Infinity;
}

/** Total of a k×k table (row-major), or -1 when a cell is not a usable count. */
export function squareTableTotal(table: ArrayLike<number>, k: number): number {
  let n = 0;
  for (let c = 0; c < k * k; c++) {
    const v = table[c];
    if (!isCount(v)) return -1;
    n += v;
  }
  return n;
}
