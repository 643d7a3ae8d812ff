// Cohen's d for two independent samples: (mean x − mean y) / pooled SD, with
// the large-sample SE of Hedges & Olkin (1985, Statistical Methods for
// Meta-Analysis, ch. 5, the asymptotic variance of the standardized mean
// difference):
//   se = sqrt((n1 + n2) / (n1 n2) + d^2 / (2 (n1 + n2)))
// and a normal (Wald) CI d ± z se. Not bias-corrected (that would be Hedges' g).
//
// Missing values: NaN is dropped from each sample (R's na.omit); `n` counts
// the values used in both samples. ±Infinity is invalid input.
import { qnorm } from './distributions/normal.js';
import { NOT_ESTIMABLE, estimable, notEstimable } from './result.js';
import type { StatResult } from './result.js';
import { sampleMoments } from './sampleMoments.js';

export interface CohensDOptions {
  /** CI level (default 0.95). */
  level?: number;
}

/**
 * estimate = d, se, normal CI, df = Infinity. No test: statistic and p are
 * NaN (the pooled t test, twoSampleT, is the test of d = 0).
 */
export function cohensD(x: ArrayLike<number>, y: ArrayLike<number>, options: CohensDOptions = {}): StatResult {
  const level = options.level ?? 0.95;
  const mx = sampleMoments(x);
  const my = sampleMoments(y);
  const n1 = mx.n;
  const n2 = my.n;
  const n = n1 + n2;
  if (!mx.finite || !my.finite || !(level > 0 && level < 1)) return notEstimable(NOT_ESTIMABLE.badInput, n);
  if (n1 === 0 || n2 === 0) return notEstimable(NOT_ESTIMABLE.emptyGroup, n);
  if (n < 3) return notEstimable(NOT_ESTIMABLE.tooFew, n);
  const sd = Math.sqrt((mx.ss + my.ss) / (n - 2));
  // as twoSampleT: a pooled SD at rounding level of the means is no SD
  if (sd === 0 || sd < 10 * Number.EPSILON * Math.max(Math.abs(mx.mean), Math.abs(my.mean))) {
    return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  }
  const d = (mx.mean - my.mean) / sd;
  const se = Math.sqrt(n / (n1 * n2) + (d * d) / (2 * n));
  const z = qnorm(0.5 + level / 2);
  return estimable({ estimate: d, se, ci: [d - z * se, d + z * se], df: Infinity, n });
}
