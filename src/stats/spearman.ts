// Spearman's rank correlation: R `cor(m, method = "spearman",
// use = "pairwise.complete.obs")` for the matrix, and the p-value of
// `cor.test(x, y, method = "spearman", exact = FALSE)` (the t approximation
// on n - 2 df) for each pair.
//
// R's pairwise-complete Spearman re-ranks each pair on its complete cases, so
// a column is ranked once only when it has no NaN; a pair that touches a
// column with NaN is re-ranked on the rows where both are observed.
import { averageRanks } from './ranks.js';
import { estimable, notEstimable, NOT_ESTIMABLE } from './result.js';
import type { NotEstimableReason, StatResult } from './result.js';
import { pt } from './distributions/studentT.js';

/** A cell of the Spearman matrix that could not be computed, and why (i <= j). */
export interface SpearmanIssue {
  readonly i: number;
  readonly j: number;
  readonly reason: NotEstimableReason;
}

/**
 * The k×k Spearman matrix, row-major (cell i*k + j), symmetric.
 * `rho` and `p` are NaN exactly where `estimable` is 0, and every such cell
 * (with i <= j) is listed in `issues` with its reason, so no NaN is silent.
 * Diagonal: rho 1 and p 0 (R's cor.test of x with itself) for a column with
 * at least 3 observed values that are not all equal.
 */
export interface SpearmanResult {
  readonly k: number;
  readonly rho: Float64Array;
  /** Two-sided p of cor.test(exact = FALSE): t = rho·sqrt((n-2)/(1-rho²)) on n-2 df. */
  readonly p: Float64Array;
  /** Pairwise-complete number of observations. */
  readonly n: Uint32Array;
  /** 1 where rho and p are defined. */
  readonly estimable: Uint8Array;
  readonly issues: readonly SpearmanIssue[];
}

/**
 * Pearson correlation of two centred rank vectors, clamped to [-1, 1] as R's
 * cor() does; `sxx`, `syy` are their sums of squares.
 */
function rankCorrelation(cx: Float64Array, cy: Float64Array, m: number, sxx: number, syy: number): number {
  let sxy = 0;
  for (let t = 0; t < m; t++) sxy += cx[t] * cy[t];
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** cor.test(method = "spearman", exact = FALSE): two-sided p from t on n - 2 df. */
function spearmanP(r: number, m: number): number {
  if (r === 1 || r === -1) return 0;
  const t = r * Math.sqrt((m - 2) / (1 - r * r));
  const p = 2 * pt(-Math.abs(t), m - 2);
  return p > 1 ? 1 : p;
}

/** Centre ranks in place (average ranks always have mean (m+1)/2) and return their sum of squares. */
function centre(ranks: Float64Array, m: number): number {
  const mid = (m + 1) / 2;
  let ss = 0;
  for (let t = 0; t < m; t++) {
    const d = ranks[t] - mid;
    ranks[t] = d;
    ss += d * d;
  }
  return ss;
}

/**
 * Spearman correlation matrix of k columns of equal length (pairwise complete
 * on NaN). A cell is not estimable when its pair has fewer than 3 complete
 * observations (tooFew: cor.test needs n - 2 > 0 df) or either variable is
 * constant on those observations (zeroVariance); columns of unequal length
 * make every cell badInput.
 */
export function spearman(columns: readonly Float64Array[]): SpearmanResult {
  const k = columns.length;
  const rho = new Float64Array(k * k);
  const p = new Float64Array(k * k);
  const nPair = new Uint32Array(k * k);
  const ok = new Uint8Array(k * k);
  const issues: SpearmanIssue[] = [];
  const len = k > 0 ? columns[0].length : 0;

  const fail = (i: number, j: number, reason: NotEstimableReason): void => {
    rho[i * k + j] = rho[j * k + i] = NaN;
    p[i * k + j] = p[j * k + i] = NaN;
    issues.push({ i, j, reason });
  };
  const set = (i: number, j: number, m: number, r: number, pv: number): void => {
    rho[i * k + j] = rho[j * k + i] = r;
    p[i * k + j] = p[j * k + i] = pv;
    ok[i * k + j] = ok[j * k + i] = 1;
    nPair[i * k + j] = nPair[j * k + i] = m;
  };

  for (let i = 0; i < k; i++) {
    if (columns[i].length !== len) {
      for (let a = 0; a < k; a++) for (let b = a; b < k; b++) fail(a, b, NOT_ESTIMABLE.badInput);
      return { k, rho, p, n: nPair, estimable: ok, issues };
    }
  }

  // Rank each NaN-free column once; `centred[i]` is null for a column with NaN.
  const order = new Uint32Array(len);
  const centred: (Float64Array | null)[] = new Array(k);
  const ss = new Float64Array(k);
  const observed = new Uint32Array(k);
  for (let i = 0; i < k; i++) {
    const x = columns[i];
    let m = 0;
    for (let t = 0; t < len; t++) if (!Number.isNaN(x[t])) m++;
    observed[i] = m;
    if (m === len) {
      const r = new Float64Array(len);
      averageRanks(x, r, order);
      ss[i] = centre(r, len);
      centred[i] = r;
    } else {
      centred[i] = null;
    }
  }

  // Scratch for pairs that must be re-ranked on their complete cases.
  const scratchLength = centred.every((c) => c !== null) ? 0 : len;
  const xs = new Float64Array(scratchLength);
  const ys = new Float64Array(scratchLength);
  const rx = new Float64Array(scratchLength);
  const ry = new Float64Array(scratchLength);

  for (let i = 0; i < k; i++) {
    // Diagonal: defined when the column has >= 3 values that are not all equal.
    const mi = observed[i];
    if (mi < 3) fail(i, i, NOT_ESTIMABLE.tooFew);
    else if (!varies(columns[i])) fail(i, i, NOT_ESTIMABLE.zeroVariance);
    else set(i, i, mi, 1, 0);
    nPair[i * k + i] = mi;

    for (let j = i + 1; j < k; j++) {
      const ci = centred[i];
      const cj = centred[j];
      if (ci !== null && cj !== null) {
        nPair[i * k + j] = nPair[j * k + i] = len;
        if (len < 3) fail(i, j, NOT_ESTIMABLE.tooFew);
        else if (ss[i] === 0 || ss[j] === 0) fail(i, j, NOT_ESTIMABLE.zeroVariance);
        else {
          const r = rankCorrelation(ci, cj, len, ss[i], ss[j]);
          set(i, j, len, r, spearmanP(r, len));
        }
        continue;
      }
      const x = columns[i];
      const y = columns[j];
      let m = 0;
      for (let t = 0; t < len; t++) {
        if (!Number.isNaN(x[t]) && !Number.isNaN(y[t])) {
          xs[m] = x[t];
          ys[m] = y[t];
          m++;
        }
      }
      nPair[i * k + j] = nPair[j * k + i] = m;
      if (m < 3) {
        fail(i, j, NOT_ESTIMABLE.tooFew);
        continue;
      }
      averageRanks(xs.subarray(0, m), rx, order);
      averageRanks(ys.subarray(0, m), ry, order);
      const sxx = centre(rx, m);
      const syy = centre(ry, m);
      if (sxx === 0 || syy === 0) {
        fail(i, j, NOT_ESTIMABLE.zeroVariance);
        continue;
      }
      const r = rankCorrelation(rx, ry, m, sxx, syy);
      set(i, j, m, r, spearmanP(r, m));
    }
  }
  return { k, rho, p, n: nPair, estimable: ok, issues };
}

/** true when the non-NaN values of x are not all equal. */
function varies(x: Float64Array): boolean {
  let first = NaN;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return true;
  }
  return false;
}

/**
 * Spearman's rho of one pair on its complete cases, with R's
 * cor.test(method = "spearman", exact = FALSE) p-value.
 * Fields: estimate = rho; statistic = t = rho·sqrt((n-2)/(1-rho²)) on df = n-2
 * (R prints S = (n³-n)(1-rho)/6 instead; the p-value is the same); se and ci
 * are NaN (cor.test gives neither for Spearman).
 */
export function spearmanPair(x: Float64Array, y: Float64Array): StatResult {
  if (x.length !== y.length) return notEstimable(NOT_ESTIMABLE.badInput, 0);
  const result = spearman([x, y]);
  const m = result.n[1];
  if (result.estimable[1] === 0) return notEstimable(result.issues.find((s) => s.i !== s.j)!.reason, m);
  const r = result.rho[1];
  const t = r === 1 || r === -1 ? r * Infinity : r * Math.sqrt((m - 2) / (1 - r * r));
  return estimable({ estimate: r, statistic: t, df: m - 2, p: result.p[1], n: m });
}
