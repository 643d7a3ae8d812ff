// Binomial distribution, R's parameterization. (Interim jstat-backed version; see issue 2.)
import { jStat } from 'jstat';

export function dbinom(k: number, size: number, prob: number): number {
  return jStat.binomial.pdf(k, size, prob);
}

/** P[X <= k] (lowerTail) or P[X > k]. */
export function pbinom(k: number, size: number, prob: number, lowerTail = true): number {
  const c = jStat.binomial.cdf(k, size, prob);
  return lowerTail ? c : 1 - c;
}

/** Smallest k with P[X <= k] >= p (lowerTail). */
export function qbinom(p: number, size: number, prob: number, lowerTail = true): number {
  const target = lowerTail ? p : 1 - p;
  for (let k = 0; k <= size; k++) if (pbinom(k, size, prob) >= target) return k;
  return size;
}
