// Student t distribution: pt, qt (R's semantics) and ptTwoSided.
//
// pt: through the regularized incomplete beta (incompleteBeta.ts),
//   P[|T| > |t|] = I_{n/(n+t^2)}(n/2, 1/2) = 1 - I_{t^2/(n+t^2)}(1/2, n/2)
//   (Abramowitz & Stegun 26.7.1 / 26.5.27), with both beta arguments formed
//   from t and n directly so neither is 1 - (almost 1); the incomplete beta
//   computes the small tail directly. Beyond 1 + t^2/n > 1e100 the leading
//   term of the tail series, (n / t^2)^(n/2) / ((n/2) B(n/2, 1/2)), is exact
//   to double precision (as in R's pt.c). df = Infinity is the normal law.
//   Unlike R (which switches to a normal approximation for df > 4e5) the
//   beta form is used up to df = 1e15; beyond, the normal approximation
//   t (1 - 1/(4 df)) / sqrt(1 + t^2 / (2 df)) (Abramowitz & Stegun 26.7.8,
//   R's choice), whose O(1/df^2) error is below double precision there.
// qt: Hill's starting value (G. W. Hill 1970, "Algorithm 396: Student's
//   t-quantiles", CACM 13, 617-619; for df < 1 the power-law tail
//   asymptote) refined by Halley steps on log P[T > t] (quantileSolver.ts;
//   usually one pt evaluation), so qt is as accurate as pt, including df < 1
//   and p = 1e-300.
//
// Invalid parameters (df <= 0, p outside [0, 1], NaN) return NaN: the
// distribution layer is the one place where NaN is the documented answer, as
// in R.
import { pbetaRaw } from './incompleteBeta.js';
import { lbeta } from './logGamma.js';
import { pnorm, qnorm } from './normal.js';
import { solveTail } from './quantileSolver.js';

const HUGE_DF = 1e15;

/** A&S 26.7.8: t(df) as a normal deviate, for df > HUGE_DF. */
function normalEquivalent(t: number, n: number): number {
  return (t * (1 - 0.25 / n)) / Math.sqrt(1 + (t * t) / (2 * n));
}

/** P[T > |t|] for finite t and finite n > 0. */
function upperAbs(t: number, n: number): number {
  if (n > HUGE_DF) return pnorm(-Math.abs(normalEquivalent(t, n)));
  const t2 = t * t;
  if (1 + t2 / n > 1e100) {
    const a = Math.abs(t);
    // t^2 may overflow: use logs
    return Math.exp(-0.5 * n * (2 * Math.log(a) - Math.log(n)) - lbeta(0.5 * n, 0.5) - Math.log(0.5 * n)) * 0.5;
  }
  const s = n + t2;
  return 0.5 * pbetaRaw(n / s, t2 / s, 0.5 * n, 0.5, true);
}

/** P[T <= x] (lowerTail) or P[T > x] for T ~ t(df). */
export function pt(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (x === Infinity) return lowerTail ? 1 : 0;
  if (x === -Infinity) return lowerTail ? 0 : 1;
  if (df === Infinity) return pnorm(x, lowerTail);
  const u = upperAbs(x, df);
  // the small tail is the one on x's side of 0
  return lowerTail === x <= 0 ? u : 0.5 - u + 0.5;
}

/** Two-sided p-value P[|T| >= |t|], computed directly (not 2 * pt). */
export function ptTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  if (df === Infinity) return 2 * pnorm(-Math.abs(t));
  return Math.min(1, 2 * upperAbs(t, df));
}

/** Hill (1970) approximation to the t > 0 with P[|T| > t] = P2 (two-sided), n >= 1. */
function hillStart(P2: number, n: number): number {
  if (n === 1) return 1 / Math.tan(P2 * (Math.PI / 2));
  if (n === 2) return Math.sqrt(2 / (P2 * (2 - P2)) - 2);
  const a = 1 / (n - 0.5);
  const b = 48 / (a * a);
  let c = (((20700 * a) / b - 98) * a - 16) * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * n;
  let y = Math.pow(d * P2, 2 / n);
  if (y > 0.05 + a) {
    // asymptotic inverse expansion about the normal quantile
    const x = qnorm(0.5 * P2);
    y = x * x;
    if (n < 5) c += 0.3 * (n - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = Math.expm1(a * y * y);
  } else {
    y = ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1) * ((n + 1) / (n + 2)) + 1 / y;
  }
  return Math.sqrt(n * y);
}

/** Quantile of t(df): x with P[T <= x] = p (lowerTail) or P[T > x] = p. */
export function qt(p: number, df: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(df) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return lowerTail ? -Infinity : Infinity;
  if (p === 1) return lowerTail ? Infinity : -Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return qnorm(p, lowerTail);
  if (df > HUGE_DF) {
    // invert A&S 26.7.8: z = t c / sqrt(1 + t^2 / (2 df)), c = 1 - 1/(4 df)
    const z = qnorm(p, lowerTail);
    const c = 1 - 0.25 / df;
    return z / Math.sqrt(c * c - (z * z) / (2 * df));
  }
  // solve for the smaller tail q = P[T > t], t > 0 (1 - p is exact for p > 1/2)
  const q = p < 0.5 ? p : 1 - p;
  const negative = p < 0.5 === lowerTail;
  const n = df;
  const lb = lbeta(0.5 * n, 0.5);
  const logNorm = -0.5 * Math.log(n) - lb; // log of the density at 0
  let start: number;
  if (n >= 1) start = hillStart(2 * q, n);
  else start = Math.exp((-lb + (0.5 * n - 1) * Math.log(n) - Math.log(q)) / n); // q ~ C t^-n
  const density = (t: number): number => {
    const r = t / Math.sqrt(n);
    const l1p = r > 1e100 ? 2 * Math.log(r) : Math.log1p(r * r);
    return Math.exp(logNorm - 0.5 * (n + 1) * l1p);
  };
  const dlogDensity = (t: number): number => (-(n + 1) * t) / (n + t * t);
  const t = solveTail(q, (s) => upperAbs(s, n), density, dlogDensity, true, start);
  return negative ? -t : t;
}
