// Student t distribution. (Interim jstat-backed version; see issue 2.)
import { jStat } from 'jstat';

/** P[T <= x] (lowerTail) or P[T > x] for T ~ t(df). */
export function pt(x: number, df: number, lowerTail = true): number {
  return lowerTail ? jStat.studentt.cdf(x, df) : jStat.studentt.cdf(-x, df);
}

/** Quantile of t(df). */
export function qt(p: number, df: number, lowerTail = true): number {
  return jStat.studentt.inv(lowerTail ? p : 1 - p, df);
}
