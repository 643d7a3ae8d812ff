// Standard normal CDF for set-up work (quantile tables, effect solving), not
// for the per-patient hot path. Marsaglia's Taylor series (J. Stat. Softw.
// 11(4), 2004): absolute error below 1e-15, which is what the tables need.

const LOG_SQRT_2PI = 0.91893853320467274178;

/** P[Z <= x] for the standard normal. */
export function normalCdf(x: number): number {
  if (x !== x) return NaN;
  if (x < -37.5) return 0;
  if (x > 37.5) return 1;
  if (x < -8 || x > 8) {
    // Mills-ratio asymptotics; the series loses all relative accuracy out here.
    const ax = Math.abs(x);
    let tail = Math.exp(-0.5 * ax * ax - LOG_SQRT_2PI) / ax;
    const t = 1 / (ax * ax);
    tail *= 1 - t + 3 * t * t - 15 * t * t * t;
    return x < 0 ? tail : 1 - tail;
  }
  let s = x;
  let t = 0;
  let b = x;
  const q = x * x;
  let i = 1;
  while (s !== t) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
}
