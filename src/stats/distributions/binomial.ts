// Binomial distribution: dbinom, pbinom, qbinom with R's semantics.
//
// dbinom: Loader's saddle-point form (C. Loader 2000, "Fast and accurate
//   computation of binomial probabilities"; saddlePoint.ts), full relative
//   accuracy for any size. A non-integer k has density 0, as in R.
// pbinom: P[X <= k] = I_{1-p}(n - k, k + 1) (Abramowitz & Stegun 26.5.24),
//   by the incomplete beta (incompleteBeta.ts), which computes the small
//   tail directly, so pbinom(k, n, p, lowerTail = false) is accurate when it
//   is 1e-300. k is floored after adding 1e-7, as in R.
// qbinom: Cornish-Fisher starting value, then a step search on the accurate
//   cdf of the requested tail, with R's left-continuity fuzz: the smallest k
//   with P[X <= k] >= p (1 - 64 eps) (lower tail) or P[X > k] <= p (1 + 64 eps)
//   (upper tail, computed directly rather than from 1 - p).
//
// Invalid parameters (size negative or not an integer, prob outside [0, 1],
// p outside [0, 1], NaN) return NaN: the distribution layer is the one place
// where NaN is the documented answer, as in R.
import { pbetaRaw } from './incompleteBeta.js';
import { isNonInteger, roundHalfEven } from './integerArgs.js';
import { qnorm } from './normal.js';
import { dbinomRaw } from './saddlePoint.js';

const FUZZ = 64 * 2.220446049250313e-16;

function badParams(size: number, prob: number): boolean {
  return !Number.isFinite(size) || !(prob >= 0 && prob <= 1) || isNonInteger(size) || size < 0;
}

/** P[X = k] for X ~ Binomial(size, prob). */
export function dbinom(k: number, size: number, prob: number): number {
  if (Number.isNaN(k) || badParams(size, prob)) return NaN;
  if (k < 0 || !Number.isFinite(k) || isNonInteger(k)) return 0;
  return dbinomRaw(roundHalfEven(k), roundHalfEven(size), prob, 1 - prob);
}

/** P[X <= k] (lowerTail) or P[X > k]. */
export function pbinom(k: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(k) || badParams(size, prob)) return NaN;
  const n = roundHalfEven(size);
  if (k < 0) return lowerTail ? 0 : 1;
  const x = Math.floor(k + 1e-7);
  if (x >= n) return lowerTail ? 1 : 0;
  // P[X <= x] = P[Beta(x + 1, n - x) > prob]
  return pbetaRaw(prob, 1 - prob, x + 1, n - x, !lowerTail);
}

/** Smallest k with P[X <= k] >= p (lowerTail) or P[X > k] <= p (upper tail), R's fuzz. */
export function qbinom(p: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || badParams(size, prob)) return NaN;
  const n = roundHalfEven(size);
  // R checks the boundaries p = 0, 1 before the degenerate laws
  if (p === (lowerTail ? 0 : 1)) return 0;
  if (p === (lowerTail ? 1 : 0)) return n;
  if (prob === 0 || n === 0) return 0;
  const q = 1 - prob;
  if (q === 0) return n;
  // Cornish-Fisher start
  const mu = n * prob;
  const sigma = Math.sqrt(n * prob * q);
  const gamma = (q - prob) / sigma;
  const z = qnorm(p, lowerTail);
  let y = Math.round(mu + sigma * (z + (gamma * (z * z - 1)) / 6));
  y = Math.min(n, Math.max(0, y));
  // ok(y): y is at or right of the quantile
  const target = lowerTail ? p * (1 - FUZZ) : 1 - p > 4 * FUZZ ? p * (1 + FUZZ) : p;
  const ok = (k: number): boolean =>
    lowerTail ? pbinom(k, n, prob, true) >= target : pbinom(k, n, prob, false) <= target;
  if (ok(y)) {
    while (y > 0 && ok(y - 1)) y--;
  } else {
    while (y < n && !ok(++y));
  }
  return y;
}
