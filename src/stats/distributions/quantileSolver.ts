// Root finder behind the continuous quantiles qt, qchisq and qf. Internal kernel.
//
// Solves T(x) = p for x > 0, where T is the distribution's SMALLER tail at
// the quantile (p <= 1/2, the caller converts with 1 - p, which is exact for
// p >= 1/2) and is monotone in x. Halley's method (third order; e.g. Press
// et al., Numerical Recipes 3rd ed. section 9.4) on g(u) = log T(e^u) - log p,
// u = log x:
//   g'  = s E,  E = x f(x) / T(x),  s = +1 (lower tail) or -1 (upper tail),
//   g'' = s E (1 + x f'(x) / f(x) - s E),
// where g is nearly linear in the far tails of all three laws (power-law
// tails of t and F, the x^a behaviour of chi-square and F near 0), so one or
// two steps suffice from the usual starting values (Hill 1970 for t,
// Wilson-Hilferty for chi-square, Paulson for F). Every evaluation narrows a
// bracket [lo, hi]; a step that would leave it is replaced by bisection in
// log x (or by a factor 16 while one end is still open), so the iteration
// cannot diverge whatever the starting value. The answer is as accurate as T:
// relative error ~ (relative error of T) / E.

const MAX_ITER = 400;
const DBL_MIN = 2.2250738585072014e-308;

/**
 * x > 0 with tail(x) = p. `decreasing`: tail is an upper tail (decreasing in x);
 * otherwise a lower tail. `density` is |d tail / dx| and `dlogDensity` is
 * f'(x) / f(x); they only steer the steps.
 */
export function solveTail(
  p: number,
  tail: (x: number) => number,
  density: (x: number) => number,
  dlogDensity: (x: number) => number,
  decreasing: boolean,
  start: number,
): number {
  const logP = Math.log(p);
  let lo = 0;
  let hi = Infinity;
  let x = start > 0 && start < 1e300 ? start : start >= 1e300 ? 1e300 : 1;
  for (let it = 0; it < MAX_ITER; it++) {
    const t = tail(x);
    if (t === p) return x;
    if (decreasing ? t > p : t < p) lo = x;
    else hi = x;
    let next = NaN;
    if (t > 0) {
      const e = (x * density(x)) / t; // E = |d log T / d log x|
      const sE = decreasing ? -e : e;
      const g = Math.log(t) - logP;
      let step = -g / sE; // Newton
      const h = (g * (1 + x * dlogDensity(x) - sE)) / (2 * sE); // g g'' / (2 g'^2)
      if (Math.abs(h) < 0.5) step /= 1 - h; // Halley
      if (Math.abs(step) < 1e-6) return x * Math.exp(step); // cubic convergence: error ~ step^3
      if (Math.abs(step) < 700) next = x * Math.exp(step);
    }
    if (!(next > lo && next < hi)) {
      if (hi === Infinity) next = x * 16;
      else if (lo === 0) next = hi / 16;
      else next = Math.sqrt(lo) * Math.sqrt(hi);
    }
    if (next === Infinity) return Infinity;
    if (next < DBL_MIN) return 0; // the root is below the smallest normal double

    if (hi !== Infinity && hi - lo <= 2e-16 * hi) return next;
    x = next;
  }
  return x;
}
