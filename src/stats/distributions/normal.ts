// Standard normal distribution. (Interim jstat-backed version; see issue 2.)
import { jStat } from 'jstat';

/** P[Z <= x] (lowerTail) or P[Z > x]. */
export function pnorm(x: number, lowerTail = true): number {
  return lowerTail ? jStat.normal.cdf(x, 0, 1) : jStat.normal.cdf(-x, 0, 1);
}

/** Quantile: x with P[Z <= x] = p (lowerTail) or P[Z > x] = p. */
export function qnorm(p: number, lowerTail = true): number {
  return jStat.normal.inv(lowerTail ? p : 1 - p, 0, 1);
}
