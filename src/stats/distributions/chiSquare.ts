// Chi-square distribution: pchisq and qchisq with R's semantics.
//
// pchisq(x, df) = P(df / 2, x / 2), the regularized incomplete gamma function
//   (incompleteGamma.ts: series below the mean, Legendre's continued fraction
//   above it, each computing its small tail directly). df = 0 is the point
//   mass at 0, as in R. Validated for df up to 1e6; NaN beyond df ~ 2e10
//   (more than 1e6 terms), where R switches to an asymptotic expansion.
// qchisq: Wilson & Hilferty (1931) cube-root normal starting value, or
//   x ~ 2 (p Gamma(df/2 + 1))^(2/df) in a lower tail where that is the better
//   one (small df, tiny p; the rule df < -1.24 log p of Best & Roberts 1975,
//   AS 91), refined by Halley steps on the log tail (quantileSolver.ts).
//
// Invalid parameters (df < 0, p outside [0, 1], NaN) return NaN: the
// distribution layer is the one place where NaN is the documented answer, as
// in R.
import { pgammaRaw } from './incompleteGamma.js';
import { lgamma } from './logGamma.js';
import { qnorm } from './normal.js';
import { solveTail } from './quantileSolver.js';
import { logDpoisRaw } from './saddlePoint.js';

/** P[X <= x] (lowerTail) or P[X > x] for X ~ chi-square(df). */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(df) || df < 0) return NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (df === 0 || x === Infinity) return lowerTail ? 1 : 0;
  if (df === Infinity) return lowerTail ? 0 : 1;
  return pgammaRaw(0.5 * x, 0.5 * df, lowerTail);
}

/** Quantile of chi-square(df): x with P[X <= x] = p (lowerTail) or P[X > x] = p. */
export function qchisq(p: number, df: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(df) || p < 0 || p > 1 || df < 0) return NaN;
  if (p === 0) return lowerTail ? 0 : Infinity;
  if (p === 1) return lowerTail ? Infinity : 0;
  if (df === 0) return 0;
  if (df === Infinity) return Infinity;
  // solve in the smaller tail (1 - p is exact for p > 1/2)
  const q = p <= 0.5 ? p : 1 - p;
  const solveLower = p <= 0.5 === lowerTail;
  const a = 0.5 * df;
  let start: number;
  const smallX = 2 * Math.exp((Math.log(q) + lgamma(a + 1)) / a); // P ~ (x/2)^a / Gamma(a + 1)
  if (solveLower && df < -1.24 * Math.log(q)) start = smallX;
  else {
    const c = 2 / (9 * df);
    const z = qnorm(q, solveLower);
    const w = 1 - c + z * Math.sqrt(c);
    start = w > 0 ? df * w * w * w : smallX;
  }
  // chi-square density at x = 2u: 0.5 (a / u) u^a e^-u / Gamma(a + 1)
  const density = (x: number): number => {
    const u = 0.5 * x;
    return ((0.5 * a) / u) * Math.exp(logDpoisRaw(a, u));
  };
  const dlogDensity = (x: number): number => (a - 1) / x - 0.5;
  return solveTail(q, (x) => pgammaRaw(0.5 * x, a, solveLower), density, dlogDensity, !solveLower, start);
}
