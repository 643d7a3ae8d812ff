// Mean and sum of squared deviations of the non-missing values of a sample,
// shared by the t tests and Cohen's d.

export interface SampleMoments {
  /** Non-missing (non-NaN) values. */
  readonly n: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean. */
  readonly ss: number;
  /** false when a value is ±Infinity (no mean or variance). */
  readonly finite: boolean;
}

/**
 * NaN is missing (R's na.omit). Two passes as R's mean() and var(): the mean
 * is refined by the mean of the residuals (R accumulates in long double and
 * applies the same correction), the sum of squares is taken about it.
 */
export function sampleMoments(x: ArrayLike<number>): SampleMoments {
  const len = x.length;
  let n = 0;
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v === Infinity || v === -Infinity) return { n: 0, mean: NaN, ss: NaN, finite: false };
    sum += v;
    n++;
  }
  if (n === 0) return { n: 0, mean: NaN, ss: NaN, finite: true };
  let mean = sum / n;
  let resid = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v === v) resid += v - mean;
  }
  mean += resid / n;
  let ss = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v === v) ss += (v - mean) * (v - mean);
  }
  return { n, mean, ss, finite: true };
}
