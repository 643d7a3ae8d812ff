// Chi-square distribution. (Interim jstat-backed version; see issue 2.)
import { jStat } from 'jstat';

export function pchisq(x: number, df: number, lowerTail = true): number {
  const c = jStat.chisquare.cdf(x, df);
  return lowerTail ? c : 1 - c;
}

export function qchisq(p: number, df: number, lowerTail = true): number {
  return jStat.chisquare.inv(lowerTail ? p : 1 - p, df);
}
