// Two-sample t test for a difference of means, as R's t.test(x, y,
// var.equal = pooled): pooled variance, or Welch's test with the
// Welch–Satterthwaite df (R's default, pooled = false).
//
// Missing values: NaN is dropped from each sample (R's na.omit); `n` counts
// the values used in both samples. ±Infinity is invalid input.
import { pt, qt } from './distributions/studentT.js';
import type { TQuantiles } from './distributions/tQuantiles.js';
import { NOT_ESTIMABLE, estimable, notEstimable } from './result.js';
import type { StatResult } from './result.js';
import { sampleMoments } from './sampleMoments.js';

export interface TwoSampleTOptions {
  /** Pooled variance (R's var.equal = TRUE); default false (Welch). */
  pooled?: boolean;
  /** CI level (default 0.95). */
  level?: number;
  /** Remembered t quantiles at `level` (a simulation's cache of qt; results are the same). */
  quantiles?: TQuantiles;
  /** Compute the p-value (default true; false: p is NaN, for callers that read only the CI). */
  pValue?: boolean;
}

/**
 * estimate = mean(x) − mean(y) with its SE, t statistic, df, two-sided p and
 * t CI. Not estimable as R's t.test refuses: an empty sample, a sample of one
 * for Welch, fewer than 3 values in all when pooled, or constant data.
 */
export function twoSampleT(x: ArrayLike<number>, y: ArrayLike<number>, options: TwoSampleTOptions = {}): StatResult {
  const pooled = options.pooled ?? false;
  const level = options.level ?? 0.95;
  const mx = sampleMoments(x);
  const my = sampleMoments(y);
  const nx = mx.n;
  const ny = my.n;
  const n = nx + ny;
  if (!mx.finite || !my.finite || !(level > 0 && level < 1)) return notEstimable(NOT_ESTIMABLE.badInput, n);
  if (nx === 0 || ny === 0) return notEstimable(NOT_ESTIMABLE.emptyGroup, n);
  if (pooled ? n < 3 : nx < 2 || ny < 2) return notEstimable(NOT_ESTIMABLE.tooFew, n);
  let se: number;
  let df: number;
  if (pooled) {
    df = n - 2;
    se = Math.sqrt(((mx.ss + my.ss) / df) * (1 / nx + 1 / ny));
  } else {
    const vx = mx.ss / (nx - 1) / nx; // squared standard errors of the two means
    const vy = my.ss / (ny - 1) / ny;
    se = Math.sqrt(vx + vy);
    df = (vx + vy) ** 2 / ((vx * vx) / (nx - 1) + (vy * vy) / (ny - 1));
  }
  // R's t.test threshold for "essentially constant" data.
  if (se === 0 || se < 10 * Number.EPSILON * Math.max(Math.abs(mx.mean), Math.abs(my.mean))) {
    return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  }
  const estimate = mx.mean - my.mean;
  const t = estimate / se;
  const quantiles = options.quantiles;
  const q = quantiles !== undefined && quantiles.level === level ? quantiles.at(df) : qt(0.5 + level / 2, df);
  return estimable({
    estimate,
    se,
    ci: [(t - q) * se, (t + q) * se], // as R: (t -/+ q) * se
    df,
    statistic: t,
    p: options.pValue === false ? NaN : 2 * pt(-Math.abs(t), df),
    n,
  });
}
