// F distribution. (Interim jstat-backed version; see issue 2.)
import { jStat } from 'jstat';

export function pf(x: number, df1: number, df2: number, lowerTail = true): number {
  const c = jStat.centralF.cdf(x, df1, df2);
  return lowerTail ? c : 1 - c;
}

export function qf(p: number, df1: number, df2: number, lowerTail = true): number {
  return jStat.centralF.inv(lowerTail ? p : 1 - p, df1, df2);
}
