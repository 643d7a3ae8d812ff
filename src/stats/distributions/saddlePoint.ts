// Saddle-point densities: the binomial and Poisson probabilities and the
// prefactors x^a y^b / B(a, b) and x^a e^-x / Gamma(a + 1) of the incomplete
// beta and gamma functions, all to full relative accuracy (no log Gamma of
// large arguments is ever subtracted from another). Internal kernel.
//
// Reference: C. Loader (2000), "Fast and accurate computation of binomial
// probabilities" (the deviance term bd0 and the saddle-point form
// dbinom(x; n, p) = exp(stirlerr(n) - stirlerr(x) - stirlerr(n - x)
//   - bd0(x, np) - bd0(n - x, nq)) * sqrt(n / (2 pi x (n - x)))),
// valid for real x, n; the same form gives x^a y^b / B(a, b) (take x = a,
// n = a + b) and the Poisson density.
import { LN_2PI, stirlerr } from './logGamma.js';

/**
 * Deviance term bd0(x, m) = x log(x / m) + m - x >= 0, by Loader's series in
 * v = (x - m) / (x + m) when x and m are close (where the direct form cancels).
 */
export function bd0(x: number, m: number): number {
  const d = x - m;
  if (Math.abs(d) < 0.1 * (x + m)) {
    let v = d / (x + m);
    let s = d * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** log of the binomial density at real x for real n >= x >= 0, with q = 1 - p given exactly. */
export function logDbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  // log(2 pi x (n - x) / n), with n - x exact for integers
  return lc - 0.5 * (LN_2PI + Math.log(x) + Math.log(n - x) - Math.log(n));
}

/** Binomial density at real x (R's dbinom_raw), q = 1 - p given exactly. */
export function dbinomRaw(x: number, n: number, p: number, q: number): number {
  return Math.exp(logDbinomRaw(x, n, p, q));
}

/** log(x^a e^-x / Gamma(a + 1)), the Poisson density at real a with mean x > 0, a > 0. */
export function logDpoisRaw(a: number, x: number): number {
  return -stirlerr(a) - bd0(a, x) - 0.5 * (LN_2PI + Math.log(a));
}

/**
 * log(x^a y^b / B(a, b)) for a, b > 0, 0 < x < 1, y = 1 - x given exactly:
 * the binomial saddle-point form at "x = a, n = a + b" times ab / (a + b).
 */
export function logBetaPrefactor(x: number, y: number, a: number, b: number): number {
  const n = a + b;
  const lc = stirlerr(n) - stirlerr(a) - stirlerr(b) - bd0(a, n * x) - bd0(b, n * y);
  return lc + 0.5 * (Math.log((a * b) / n) - LN_2PI);
}
