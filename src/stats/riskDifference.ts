// Difference of two independent proportions, treatment − control.
//
// Wald: p1 − p0 ± z·SE with SE = sqrt(p1(1 − p1)/n1 + p0(1 − p0)/n0), and the
// z test of p1 = p0 with that SE.
// Newcombe (1998, Statistics in Medicine 17:873–890, method 10, the hybrid
// score interval): from the Wilson score interval (l_i, u_i) of each arm,
// without continuity correction,
//   lower = d − sqrt((p1 − l1)² + (u0 − p0)²),  upper = d + sqrt((u1 − p1)² + (p0 − l0)²).
// The Wilson limits are written as R's prop.test computes them.
import { qnorm, pnorm } from './distributions/normal.js';
import { estimable, notEstimable, NOT_ESTIMABLE, type StatResult } from './result.js';

export type RiskDifferenceMethod = 'wald' | 'newcombe';

export interface RiskDifferenceOptions {
  /** Interval (default 'wald'). */
  readonly method?: RiskDifferenceMethod;
  /** Confidence level (default 0.95). */
  readonly level?: number;
}

/** Wilson score limit of x/n, as R's prop.test(x, n, correct = FALSE): upper or lower. */
function wilson(p: number, n: number, z: number, upper: boolean): number {
  const z22n = (z * z) / (2 * n);
  const root = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  if (upper) return p >= 1 ? 1 : Math.min((p + z22n + root) / (1 + 2 * z22n), 1);
  return p <= 0 ? 0 : Math.max((p + z22n - root) / (1 + 2 * z22n), 0);
}

function isCount(x: number, n: number): boolean {
  return Number.isInteger(x) && Number.isInteger(n) && x >= 0 && x <= n;
}

/**
 * Risk difference x1/n1 − x0/n0 (arm 1 = treatment, arm 0 = control).
 *
 * 'wald': se, ci, statistic = z = d/se and two-sided p of the z test; not
 * estimable when both arms have SE 0 (every proportion 0 or 1).
 * 'newcombe': ci is Newcombe's hybrid score interval (defined for 0 and 100%
 * responders); it comes with no test, so se, statistic and p are NaN.
 * An empty arm is not estimable. df is Infinity (normal reference).
 */
export function riskDifference(
  x1: number,
  n1: number,
  x0: number,
  n0: number,
  options: RiskDifferenceOptions = {},
): StatResult {
  const method = options.method ?? 'wald';
  const level = options.level ?? 0.95;
  const n = n1 + n0;
  if (n1 === 0 || n0 === 0) return notEstimable(NOT_ESTIMABLE.emptyGroup, Number.isFinite(n) ? n : 0);
  if (!isCount(x1, n1) || !isCount(x0, n0) || !(level > 0 && level < 1)) {
    return notEstimable(NOT_ESTIMABLE.badInput, Number.isFinite(n) ? n : 0);
  }
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const d = p1 - p0;
  const z = qnorm((1 + level) / 2);

  if (method === 'newcombe') {
    const l1 = wilson(p1, n1, z, false);
    const u1 = wilson(p1, n1, z, true);
    const l0 = wilson(p0, n0, z, false);
    const u0 = wilson(p0, n0, z, true);
    const lower = d - Math.sqrt((p1 - l1) * (p1 - l1) + (u0 - p0) * (u0 - p0));
    const upper = d + Math.sqrt((u1 - p1) * (u1 - p1) + (p0 - l0) * (p0 - l0));
    return estimable({ estimate: d, ci: [lower, upper], df: Infinity, n });
  }

  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  if (!(se > 0)) return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  const statistic = d / se;
  return estimable({
    estimate: d,
    se,
    ci: [d - z * se, d + z * se],
    df: Infinity,
    statistic,
    p: 2 * pnorm(-Math.abs(statistic)),
    n,
  });
}
