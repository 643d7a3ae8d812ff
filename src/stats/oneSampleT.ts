// One-sample t test and t confidence interval for a mean, as R's t.test(x, mu = mu).
// The paper's per-arm mean change from baseline with its 95% CI.
//
// Missing values: NaN is dropped (R's na.omit); `n` counts the values used.
// ±Infinity is invalid input.
import { pt, qt } from './distributions/studentT.js';
import { NOT_ESTIMABLE, estimable, notEstimable } from './result.js';
import type { StatResult } from './result.js';
import { sampleMoments } from './sampleMoments.js';

export interface OneSampleTOptions {
  /** Null value of the mean (default 0). */
  mu?: number;
  /** CI level (default 0.95). */
  level?: number;
}

/**
 * estimate = mean(x), se = sd / sqrt(n), statistic = t = (mean - mu) / se on
 * n - 1 df, two-sided p, t CI for the mean. Not estimable with fewer than 2
 * values or when the data are constant (R stops: "data are essentially constant").
 */
export function oneSampleT(x: ArrayLike<number>, options: OneSampleTOptions = {}): StatResult {
  const mu = options.mu ?? 0;
  const level = options.level ?? 0.95;
  const m = sampleMoments(x);
  if (!m.finite || !Number.isFinite(mu) || !(level > 0 && level < 1)) return notEstimable(NOT_ESTIMABLE.badInput, m.n);
  const n = m.n;
  if (n < 2) return notEstimable(NOT_ESTIMABLE.tooFew, n);
  const df = n - 1;
  const se = Math.sqrt(m.ss / df / n);
  // R's t.test threshold for "essentially constant" data.
  if (se === 0 || se < 10 * Number.EPSILON * Math.abs(m.mean)) return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  const t = (m.mean - mu) / se;
  const q = qt(0.5 + level / 2, df);
  return estimable({
    estimate: m.mean,
    se,
    // as R: mu + (t -/+ q) * se
    ci: [mu + (t - q) * se, mu + (t + q) * se],
    df,
    statistic: t,
    p: 2 * pt(-Math.abs(t), df),
    n,
  });
}
