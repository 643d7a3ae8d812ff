// Hypergeometric distribution, R's parameterization: m white balls, n black,
// k drawn, x white among them. dhyper, phyper, qhyper with R's semantics.
//
// dhyper: product of three saddle-point binomial densities (C. Loader 2000,
//   "Fast and accurate computation of binomial probabilities", section on
//   the hypergeometric; saddlePoint.ts):
//   dhyper(x) = b(x; m, p) b(k - x; n, p) / b(k; m + n, p), p = k / (m + n).
// phyper: the tail on the far side of the mean is summed directly, from x
//   towards the end of the support, as the pmf times 1 + sum of products of
//   the term ratios (the method of R's pdhyper); the other tail is
//   1 - (small tail). Terms below 1e-16 of the sum stop the loop.
// qhyper: the smallest x with P[X <= x] >= p (1 - 64 eps) (lower tail) or
//   P[X > x] <= p (1 + 64 eps) (upper tail), by bisection on the support
//   with phyper of the requested tail, so an upper-tail p = 1e-20 is
//   honoured (R's qhyper turns an upper-tail p into 1 - p and so cannot
//   resolve p below ~1e-12), in O(log(support)) phyper calls.
//
// Arguments m, n, k are rounded to integers (half to even) as R does;
// dhyper returns NaN for non-integer m, n, k (as R). Invalid parameters
// (negative counts, k > m + n, p outside [0, 1], NaN) return NaN: the
// distribution layer is the one place where NaN is the documented answer, as
// in R.
import { isNonInteger, roundHalfEven } from './integerArgs.js';
import { dbinomRaw } from './saddlePoint.js';

const FUZZ = 64 * 2.220446049250313e-16;

function isNegOrNonInt(v: number): boolean {
  return v < 0 || isNonInteger(v);
}

/** P[X = x] for integer m, n, k (no validation of integrality). */
function dhyperRaw(x: number, m: number, n: number, k: number): number {
  if (k < x || m < x || k - x > n || x < 0) return 0;
  if (k === 0) return x === 0 ? 1 : 0;
  const total = m + n;
  const p = k / total;
  const q = (total - k) / total;
  return (dbinomRaw(x, m, p, q) * dbinomRaw(k - x, n, p, q)) / dbinomRaw(k, total, p, q);
}

/** P[X = x] drawing k from m white and n black balls. */
export function dhyper(x: number, m: number, n: number, k: number): number {
  if (Number.isNaN(x) || Number.isNaN(m) || Number.isNaN(n) || Number.isNaN(k)) return NaN;
  if (isNegOrNonInt(m) || isNegOrNonInt(n) || isNegOrNonInt(k) || k > m + n || !Number.isFinite(m + n)) return NaN;
  if (x < 0 || isNonInteger(x)) return 0;
  return dhyperRaw(roundHalfEven(x), roundHalfEven(m), roundHalfEven(n), roundHalfEven(k));
}

/** P[X <= x] (lowerTail) or P[X > x]. */
export function phyper(x: number, m: number, n: number, k: number, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(m) || Number.isNaN(n) || Number.isNaN(k)) return NaN;
  let white = roundHalfEven(m);
  let black = roundHalfEven(n);
  const drawn = roundHalfEven(k);
  if (white < 0 || black < 0 || !Number.isFinite(white + black) || drawn < 0 || drawn > white + black) return NaN;
  let xx = Math.floor(x + 1e-7);
  let lower = lowerTail;
  // Work in the tail below the mean k m / (m + n): swap colours if x is above it.
  if (xx * (white + black) > drawn * white) {
    const t = white;
    white = black;
    black = t;
    xx = drawn - xx - 1;
    lower = !lower;
  }
  if (xx < 0 || xx < drawn - black) return lower ? 0 : 1;
  if (xx >= white || xx >= drawn) return lower ? 1 : 0;
  // P[X <= xx] = d(xx) (1 + r(xx) + r(xx) r(xx - 1) + ...), r(j) = d(j - 1) / d(j)
  const d = dhyperRaw(xx, white, black, drawn);
  let sum = 0;
  let term = 1;
  let j = xx;
  while (j > 0 && term >= 2.220446049250313e-16 * sum) {
    term *= (j * (black - drawn + j)) / ((drawn + 1 - j) * (white + 1 - j));
    sum += term;
    j--;
  }
  const small = d * (1 + sum);
  return lower ? small : 0.5 - small + 0.5;
}

/** Smallest x with P[X <= x] >= p (lowerTail) or P[X > x] <= p (upper tail), R's fuzz. */
export function qhyper(p: number, m: number, n: number, k: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(m) || Number.isNaN(n) || Number.isNaN(k) || p < 0 || p > 1) return NaN;
  const white = roundHalfEven(m);
  const black = roundHalfEven(n);
  const drawn = roundHalfEven(k);
  if (white < 0 || black < 0 || !Number.isFinite(white + black) || drawn < 0 || drawn > white + black) return NaN;
  const first = Math.max(0, drawn - black);
  const last = Math.min(drawn, white);
  if (p === (lowerTail ? 0 : 1)) return first;
  if (p === (lowerTail ? 1 : 0)) return last;
  // ok(x): x is at or right of the quantile; monotone in x, so bisect on the support
  const target = lowerTail ? p * (1 - FUZZ) : p * (1 + FUZZ);
  const ok = (x: number): boolean =>
    lowerTail ? phyper(x, white, black, drawn, true) >= target : phyper(x, white, black, drawn, false) <= target;
  if (ok(first)) return first;
  let lo = first; // !ok(lo)
  let hi = last; // ok(hi): P[X <= last] = 1, P[X > last] = 0
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
