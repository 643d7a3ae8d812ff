// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x),
// to ~1e-14 relative: the kernel of pchisq. Internal kernel.
//
// For x < a + 1 the power series (Abramowitz & Stegun 6.5.29; Numerical
// Recipes 3rd ed. section 6.2 `gser`)
//   P(a, x) = x^a e^-x / Gamma(a + 1) * sum_{n>=0} x^n / ((a + 1) ... (a + n)),
// otherwise Legendre's continued fraction (Abramowitz & Stegun 6.5.31 in its
// even form; Numerical Recipes 3rd ed. section 6.2 `gcf`, modified Lentz)
//   Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / ...)).
// The tail computed directly is always the one on the far side of the mean
// (P below it, Q above it), so a small tail is never 1 - (almost 1). The
// prefactor x^a e^-x / Gamma(a + 1) is Loader's saddle-point Poisson density
// (saddlePoint.ts), accurate for large a and x where exp(a log x - x - lgamma(a + 1))
// loses |a log x| * 1e-16.
import { logDpoisRaw } from './saddlePoint.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 1_000_000; // ~ sqrt(a) terms are needed near the mean

/**
 * P(a, x) (lowerTail) or Q(a, x), for a > 0 finite and x >= 0; NaN when more
 * than 1e6 terms would be needed (a beyond ~1e10 near the mean). The caller validates.
 */
export function pgammaRaw(x: number, a: number, lowerTail: boolean): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x === Infinity) return lowerTail ? 1 : 0;
  if (x < a + 1) {
    let sum = 1;
    let term = 1;
    let n = 1;
    for (; n <= MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * EPS) break;
    }
    if (n > MAX_ITER) return NaN; // not converged: a beyond ~1e10, outside this kernel's domain
    const lower = Math.exp(logDpoisRaw(a, x) + Math.log(sum));
    return lowerTail ? lower : 0.5 - lower + 0.5;
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  let i = 1;
  for (; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS * 4) break;
  }
  if (i > MAX_ITER) return NaN;
  // x^a e^-x / Gamma(a) = a * x^a e^-x / Gamma(a + 1)
  const upper = Math.exp(logDpoisRaw(a, x) + Math.log(a * h));
  return lowerTail ? 0.5 - upper + 0.5 : upper;
}
