// Regularized incomplete beta function I_x(a, b), either tail, to ~1e-14
// relative: the kernel of pt, pf and pbinom. Internal kernel.
//
// I_x(a, b) = x^a y^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...))),
//   d_2m   =  m (b - m) x / ((a + 2m - 1) (a + 2m)),
//   d_2m+1 = -(a + m) (a + b + m) x / ((a + 2m) (a + 2m + 1)),
// the continued fraction of DLMF 8.17.22 (Didonato & Morris 1992, eq. 2.4),
// evaluated in its even contraction (the continued fraction whose
// approximants are the even approximants of this one: Jones & Thron 1980,
// Continued Fractions: Analytic Theory and Applications; Cuyt et al. 2008,
// Handbook of Continued Fractions for Special Functions, ch. 1)
//   1 / (E_0 + N_1 / (E_1 + N_2 / (E_2 + ...))),
//   E_m = 1 + d_2m + d_2m+1,  N_m = -d_2m-1 d_2m,
// by the modified Lentz method (Lentz 1976; Thompson & Barnett 1986).
//
// Why it is accurate where jstat's ibeta is not:
// - The fraction converges quickly only for x < (a + 1) / (a + b + 2); beyond
//   that we evaluate I_y(b, a) = 1 - I_x(a, b) instead. Either way the tail
//   that is computed directly is the one on the far side of the mean, so a
//   small tail is never formed as 1 - (something close to 1).
// - The prefactor x^a y^b / B(a, b) comes from Loader's saddle-point form
//   (saddlePoint.ts), not exp(lgamma(a + b) - lgamma(a) - lgamma(b) + ...),
//   which loses ~|lgamma| * 1e-16 and underflows early.
// - y = 1 - x is passed in by the caller, computed from the statistic
//   directly (e.g. n / (n + t^2)), so it keeps its relative accuracy near 0.
// - When x is close to 1 (a >> b near the mean: pt with large df, pbinom
//   with small p) the denominators E_m = 1 - x g_m cancel; there they are
//   formed as (1 - g_m) + y g_m with 1 - g_m in closed form, which keeps
//   pt(-1.85, 727247) at 1e-15 instead of 4e-11.
// - The fraction is iterated to 1e-15, not jstat's 3e-7 and 100 iterations.
import { logBetaPrefactor } from './saddlePoint.js';

const CF_EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 1_000_000; // ~ sqrt(min(a, b)) iterations are needed near the mean
// With both shapes beyond this the fraction's rounding (and, near the mean,
// its length) is out of control; pt and pf switch to their normal /
// chi-square limits first.
const MAX_SHAPE = 1e15;

/**
 * The continued fraction above (without its prefactor), for x below the mean.
 * With odd_m = (a + m)(a + b + m) / (A (A + 1)) and even_m = m (b - m) / ((A - 1) A),
 * A = a + 2m: d_2m+1 = -x odd_m, d_2m = x even_m, so
 * E_m = 1 - x (odd_m - even_m) and N_m = x^2 odd_m-1 even_m.
 */
function betaFraction(x: number, y: number, a: number, b: number): number {
  const apb = a + b;
  const useY = x > 0.5;
  // m = 0: E_0 = 1 - x (a + b) / (a + 1) = (1 - b + (a + b) y) / (a + 1)
  let oddPrev = apb / (a + 1);
  let f = useY ? (1 - b + apb * y) / (a + 1) : 1 - x * oddPrev;
  if (Math.abs(f) < TINY) f = TINY;
  let c = f;
  let d = 0;
  const x2 = x * x;
  for (let m = 1; m <= MAX_ITER; m++) {
    const A = a + 2 * m;
    // products of ratios, so that nothing overflows for a + b up to 1e308
    const invA = 1 / A;
    const invA1 = 1 / (A + 1);
    const odd = (a + m) * invA * ((apb + m) * invA1);
    const even = m * invA * ((b - m) / (A - 1));
    // 1 - odd = (a (2m + 1 - b) + m (3m + 2 - b)) / (A (A + 1)) exactly, so that
    // E_m = (1 - odd) + even + y (odd - even) does not cancel when x is near 1
    const e = useY
      ? ((2 * m + 1 - b) * (a * invA) + m * (3 * m + 2 - b) * invA) * invA1 + even + y * (odd - even)
      : 1 - x * (odd - even);
    const num = x2 * oddPrev * even;
    oddPrev = odd;
    d = e + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = e + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = c * d;
    f *= del;
    if (Math.abs(del - 1) < CF_EPS) return 1 / f;
  }
  return NaN; // not converged: min(a, b) beyond ~1e12, outside this kernel's domain
}

/**
 * I_x(a, b) (lowerTail) or 1 - I_x(a, b), for a, b > 0 with min(a, b) <= 1e15
 * and x + y = 1 with both given to full relative accuracy (NaN outside, or
 * when the fraction needs more than 1e6 terms). The caller validates.
 */
export function pbetaRaw(x: number, y: number, a: number, b: number, lowerTail: boolean): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (y <= 0) return lowerTail ? 1 : 0;
  if (a > MAX_SHAPE && b > MAX_SHAPE) return NaN; // outside the domain (callers use limits there)
  if (x * (a + b + 2) < a + 1) {
    const lower = Math.exp(logBetaPrefactor(x, y, a, b) + Math.log(betaFraction(x, y, a, b) / a));
    return lowerTail ? lower : 0.5 - lower + 0.5;
  }
  const upper = Math.exp(logBetaPrefactor(y, x, b, a) + Math.log(betaFraction(y, x, b, a) / b));
  return lowerTail ? 0.5 - upper + 0.5 : upper;
}
