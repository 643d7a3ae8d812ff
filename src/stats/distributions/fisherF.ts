// F distribution: pf and qf with R's semantics.
//
// pf: with w = df1 x / (df2 + df1 x), P[F <= x] = I_w(df1/2, df2/2)
//   (Abramowitz & Stegun 26.6.2) by the incomplete beta (incompleteBeta.ts),
//   both w and 1 - w = df2 / (df2 + df1 x) formed directly; the small tail is
//   computed directly. An infinite df (or one above 1e15) gives the
//   chi-square limits, as in R.
// qf: Paulson's (1942) cube-root normal approximation as starting value (the
//   power-law tail asymptote where it fails), refined by Halley steps on the
//   log tail (quantileSolver.ts). Unlike R, which switches to chi-square
//   approximations for df > 4e5, the beta form is used for every finite df.
//
// Invalid parameters (df <= 0, p outside [0, 1], NaN) return NaN: the
// distribution layer is the one place where NaN is the documented answer, as
// in R.
import { pchisq, qchisq } from './chiSquare.js';
import { pbetaRaw } from './incompleteBeta.js';
import { lbeta } from './logGamma.js';
import { qnorm } from './normal.js';
import { solveTail } from './quantileSolver.js';
import { logBetaPrefactor } from './saddlePoint.js';

// Beyond this df the chi-square limit (exact for df = Inf, as in R) is used:
// its error is O(1/df), below double precision.
const HUGE_DF = 1e15;

/** P[F <= x] (lowerTail) or P[F > x] for F ~ F(df1, df2). */
export function pf(x: number, df1: number, df2: number, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(df1) || Number.isNaN(df2) || !(df1 > 0) || !(df2 > 0)) return NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x === Infinity) return lowerTail ? 1 : 0;
  if (df2 > HUGE_DF) {
    if (df1 > HUGE_DF) {
      if (x < 1) return lowerTail ? 0 : 1;
      if (x === 1) return 0.5;
      return lowerTail ? 1 : 0;
    }
    return pchisq(x * df1, df1, lowerTail);
  }
  if (df1 > HUGE_DF) return pchisq(df2 / x, df2, !lowerTail);
  const s = df2 + df1 * x;
  return pbetaRaw((df1 * x) / s, df2 / s, 0.5 * df1, 0.5 * df2, lowerTail);
}

/** Quantile of F(df1, df2): x with P[F <= x] = p (lowerTail) or P[F > x] = p. */
export function qf(p: number, df1: number, df2: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(df1) || Number.isNaN(df2) || p < 0 || p > 1 || !(df1 > 0) || !(df2 > 0)) return NaN;
  if (p === 0) return lowerTail ? 0 : Infinity;
  if (p === 1) return lowerTail ? Infinity : 0;
  if (df2 > HUGE_DF) return df1 > HUGE_DF ? 1 : qchisq(p, df1, lowerTail) / df1;
  if (df1 > HUGE_DF) return df2 / qchisq(p, df2, !lowerTail);
  // solve in the smaller tail (1 - p is exact for p > 1/2)
  const q = p <= 0.5 ? p : 1 - p;
  const solveLower = p <= 0.5 === lowerTail;
  const a = 0.5 * df1;
  const b = 0.5 * df2;
  // Paulson: z = ((1 - B) w - (1 - A)) / sqrt(B w^2 + A), w = F^(1/3); solve the quadratic in w
  const A = 2 / (9 * df1);
  const B = 2 / (9 * df2);
  const z = qnorm(q, solveLower);
  const qa = (1 - B) * (1 - B) - z * z * B;
  const qb = -2 * (1 - A) * (1 - B);
  const qc = (1 - A) * (1 - A) - z * z * A;
  const disc = qb * qb - 4 * qa * qc;
  let start = NaN;
  if (qa > 0 && disc >= 0) {
    const w = (-qb + (z > 0 ? 1 : -1) * Math.sqrt(disc)) / (2 * qa);
    if (w > 0) start = w * w * w;
  }
  if (!(start > 0 && start < Infinity)) {
    // tails: P[F < x] ~ (df1 x / df2)^a / (a B(a, b)), P[F > x] ~ (df2 / (df1 x))^b / (b B(a, b))
    const lb = lbeta(a, b);
    start = solveLower
      ? (df2 / df1) * Math.exp((Math.log(q) + Math.log(a) + lb) / a)
      : (df2 / df1) * Math.exp(-(Math.log(q) + Math.log(b) + lb) / b);
  }
  // density: w^a (1 - w)^b / B(a, b) / x with w = df1 x / (df2 + df1 x)
  const density = (x: number): number => {
    const s = df2 + df1 * x;
    return Math.exp(logBetaPrefactor((df1 * x) / s, df2 / s, a, b)) / x;
  };
  const tail = (x: number): number => {
    const s = df2 + df1 * x;
    return pbetaRaw((df1 * x) / s, df2 / s, a, b, solveLower);
  };
  const dlogDensity = (x: number): number => (a - 1) / x - ((a + b) * df1) / (df2 + df1 * x);
  return solveTail(q, tail, density, dlogDensity, !solveLower, start);
}
