// Hypergeometric distribution, R's parameterization: m white balls, n black,
// k drawn, x white among them. (Interim jstat-backed version; see issue 2.)
import { jStat } from 'jstat';

export function dhyper(x: number, m: number, n: number, k: number): number {
  return jStat.hypgeom.pdf(x, m + n, m, k);
}

/** P[X <= x] (lowerTail) or P[X > x]. */
export function phyper(x: number, m: number, n: number, k: number, lowerTail = true): number {
  const c = jStat.hypgeom.cdf(x, m + n, m, k);
  return lowerTail ? c : 1 - c;
}

/** Smallest x with P[X <= x] >= p (lowerTail). */
export function qhyper(p: number, m: number, n: number, k: number, lowerTail = true): number {
  const target = lowerTail ? p : 1 - p;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  for (let x = lo; x <= hi; x++) if (phyper(x, m, n, k) >= target) return x;
  return hi;
}
