// Mantel–Haenszel common risk difference over K strata with Sato's variance,
// Sato T (1989), "On the variance estimator for the Mantel–Haenszel risk
// difference", Biometrics 45:1323–1324 (the estimator of Greenland & Robins
// 1985, Biometrics 41:55–68, with a variance consistent both for many sparse
// strata and for few large ones; the form SAS PROC FREQ COMMONRISKDIFF uses).
// Per stratum, with a = treated responders of n1, c = control responders of
// n0, t = n1 + n0:
//   w = n1 n0 / t,   d_MH = Σ (a n0 − c n1) / t / Σ w,
//   P = (n1² c − n0² a + n1 n0 (n0 − n1) / 2) / t²,
//   Q = (a (n0 − c) + c (n1 − a)) / (2t),
//   Var(d_MH) = (d_MH ΣP + ΣQ) / (Σw)².
import { isCount } from './countTable.js';
import { pnorm, qnorm } from './distributions/normal.js';
import { estimable, notEstimable, NOT_ESTIMABLE, type StatResult } from './result.js';

export interface MantelHaenszelRiskDifferenceOptions {
  /** Confidence level (default 0.95). */
  readonly level?: number;
}

/**
 * `tables` holds k 2×2 tables [a1, b1, c1, d1, a2, ...], each [[a, b], [c, d]]
 * with rows (treatment, control) and columns (responder, non-responder), so
 * the estimate is treatment − control.
 *
 * estimate: MH risk difference; se: sqrt of Sato's variance; ci: estimate ±
 * z·se; statistic: z = estimate / se with its two-sided normal p (df
 * Infinity). Strata missing an arm carry no weight and are skipped; n counts
 * the patients in the strata used. No stratum with both arms → not estimable
 * (no information); a variance that is not positive (every patient a
 * responder, say) → not estimable (zero variance).
 */
export function mantelHaenszelRiskDifference(
  tables: ArrayLike<number>,
  k: number,
  options: MantelHaenszelRiskDifferenceOptions = {},
): StatResult {
  const level = options.level ?? 0.95;
  if (!Number.isInteger(k) || k < 1 || tables.length !== 4 * k || !(level > 0 && level < 1)) {
    return notEstimable(NOT_ESTIMABLE.badInput, 0);
  }
  let n = 0;
  let numerator = 0; // Σ (a n0 − c n1) / t
  let weight = 0; // Σ w
  let sumP = 0;
  let sumQ = 0;
  for (let s = 0; s < k; s++) {
    const a = tables[4 * s];
    const b = tables[4 * s + 1];
    const c = tables[4 * s + 2];
    const d = tables[4 * s + 3];
    if (!(isCount(a) && isCount(b) && isCount(c) && isCount(d))) {
      return notEstimable(NOT_ESTIMABLE.badInput, 0);
    }
    const n1 = a + b;
    const n0 = c + d;
    if (n1 === 0 || n0 === 0) continue;
    const t = n1 + n0;
    n += t;
    numerator += (a * n0 - c * n1) / t;
    weight += (n1 * n0) / t;
    sumP += (n1 * n1 * c - n0 * n0 * a + (n1 * n0 * (n0 - n1)) / 2) / (t * t);
    sumQ += (a * (n0 - c) + c * (n1 - a)) / (2 * t);
  }
  if (!(weight > 0)) return notEstimable(NOT_ESTIMABLE.noInformation, n);
  const estimate = numerator / weight;
  const variance = (estimate * sumP + sumQ) / (weight * weight);
  if (!(variance > 0)) return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  const se = Math.sqrt(variance);
  const z = qnorm((1 + level) / 2);
  const statistic = estimate / se;
  return estimable({
    estimate,
    se,
    ci: [estimate - z * se, estimate + z * se],
    df: Infinity,
    statistic,
    p: 2 * pnorm(-Math.abs(statistic)),
    n,
  });
}
