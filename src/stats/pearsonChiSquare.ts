// Pearson's chi-square test of independence for an r×c table, as R's
// chisq.test(m, correct =): X² = Σ (|o − e| − Y)² / e with e = row·col / n,
// df = (r − 1)(c − 1). Yates' correction applies to 2×2 tables only and, as in
// R, is Y = min(0.5, |o − e|), so it never overshoots (R ≥ 3.x behaviour).
import { pchisq } from './distributions/chiSquare.js';
import { estimable, notEstimable, NOT_ESTIMABLE, type StatResult } from './result.js';

export interface PearsonChiSquareOptions {
  /** Yates' continuity correction for 2×2 tables (default true, as R). */
  readonly correct?: boolean;
}

/**
 * Chi-square test of the `rows`×`cols` table of counts, row-major:
 * table[i * cols + j]. statistic = X², df, p = upper tail of χ²(df), n = total.
 * estimate, se and ci are NaN. A zero row or column total (an expected count
 * of 0) is not estimable.
 */
export function pearsonChiSquare(
  table: ArrayLike<number>,
  rows: number,
  cols: number,
  options: PearsonChiSquareOptions = {},
): StatResult {
  const correct = options.correct ?? true;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 2 || cols < 2 || table.length !== rows * cols) {
    return notEstimable(NOT_ESTIMABLE.badInput, 0);
  }
  let n = 0;
  for (let i = 0; i < table.length; i++) {
    const v = table[i];
    if (!(v >= 0 && v < Infinity)) return notEstimable(NOT_ESTIMABLE.badInput, 0);
    n += v;
  }
  if (rows === 2 && cols === 2) {
    const a = table[0];
    const b = table[1];
    const c = table[2];
    const d = table[3];
    const r1 = a + b;
    const r2 = c + d;
    const c1 = a + c;
    const c2 = b + d;
    if (r1 === 0 || r2 === 0 || c1 === 0 || c2 === 0) return notEstimable(NOT_ESTIMABLE.degenerateTable, n);
    // column-major, as R's outer(sr, sc) / n
    const ea = (r1 * c1) / n;
    const ec = (r2 * c1) / n;
    const eb = (r1 * c2) / n;
    const ed = (r2 * c2) / n;
    const da = Math.abs(a - ea);
    const dc = Math.abs(c - ec);
    const db = Math.abs(b - eb);
    const dd = Math.abs(d - ed);
    const yates = correct ? Math.min(0.5, da, dc, db, dd) : 0;
    const statistic =
      (da - yates) ** 2 / ea + (dc - yates) ** 2 / ec + (db - yates) ** 2 / eb + (dd - yates) ** 2 / ed;
    return estimable({ estimate: NaN, statistic, df: 1, p: pchisq(statistic, 1, false), n });
  }

  const rowSum = new Float64Array(rows);
  const colSum = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      rowSum[i] += table[i * cols + j];
      colSum[j] += table[i * cols + j];
    }
  }
  for (let i = 0; i < rows; i++) if (rowSum[i] === 0) return notEstimable(NOT_ESTIMABLE.degenerateTable, n);
  for (let j = 0; j < cols; j++) if (colSum[j] === 0) return notEstimable(NOT_ESTIMABLE.degenerateTable, n);
  let statistic = 0;
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) {
      const e = (rowSum[i] * colSum[j]) / n;
      const o = table[i * cols + j];
      statistic += ((o - e) * (o - e)) / e;
    }
  }
  const df = (rows - 1) * (cols - 1);
  return estimable({ estimate: NaN, statistic, df, p: pchisq(statistic, df, false), n });
}
