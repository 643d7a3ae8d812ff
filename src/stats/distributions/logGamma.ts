// Log-gamma, log-beta and Stirling's error term, the building blocks of the
// density prefactors in saddlePoint.ts. Internal kernel: not re-exported from
// src/stats/index.ts.
//
// References:
//   Stirling series: Abramowitz & Stegun 6.1.40; DLMF 5.11.1 (coefficients
//     B_2k / (2k (2k - 1)) = 1/12, -1/360, 1/1260, -1/1680, 1/1188, -691/360360, 1/156).
//   Stirling's error term stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n):
//     C. Loader (2000), "Fast and accurate computation of binomial
//     probabilities"; exact values at half-integers n <= 15 computed with
//     mpmath at 40 digits.
//   lbeta in terms of stirlerr: the same Stirling decomposition, so that
//     log B(a, b) keeps full relative accuracy for large a, b (no difference
//     of two large lgamma values).
//
// Accuracy: lgamma to a few units of 1e-15 absolute for x > 0 (it is only
// ever used inside exponents); stirlerr to ~1e-17 absolute for n > 15 and at
// half-integers, ~1e-15 absolute elsewhere.

export const LN_SQRT_2PI = 0.918938533204672741780329736406; // log(sqrt(2 pi))
export const LN_2PI = 1.837877066409345483560659472811; // log(2 pi)

/** Stirling's series for log Gamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)), x >= 10 (error < 1e-17). */
function stirlingTail(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))))
  );
}

/** log Gamma(x) for x > 0 (NaN for x <= 0 or NaN; Infinity for x = Infinity). */
export function lgamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingTail(x);
  // Shift up to >= 10 with Gamma(x) = Gamma(x + n) / (x (x + 1) ... (x + n - 1)).
  let prod = x;
  let y = x + 1;
  while (y < 10) {
    prod *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + stirlingTail(y) - Math.log(prod);
}

// stirlerr(k / 2) for k = 0..30; stirlerr(0) is unused (0 by convention).
const STIRLERR_HALVES = [
  0, 0.15342640972002734529, 0.08106146679532725822, 0.054814121051917653896, 0.041340695955409294094,
  0.033162873519936287485, 0.027677925684998339149, 0.023746163656297495971, 0.020790672103765093112,
  0.018488450532673185231, 0.016644691189821192163, 0.015134973221917378874, 0.013876128823070747999,
  0.012810465242920226924, 0.011896709945891770095, 0.011104559758206917327, 0.010411265261972096497,
  0.0097994161261588032984, 0.0092554621827127329177, 0.008768700134139385463, 0.0083305634333628712565,
  0.0079341145643140205472, 0.007573675487951840795, 0.0072445543013203831795, 0.0069428401072095298657,
  0.0066652470327076824424, 0.0064089941880042070684, 0.0061717122630394576475, 0.0059513701127588477356,
  0.005746216513010115682, 0.005554733551962801371,
];

/** stirlerr(n) = log Gamma(n + 1) - (n + 1/2) log n + n - log sqrt(2 pi), n > 0. */
export function stirlerr(n: number): number {
  if (n > 15) {
    const r = 1 / n;
    const r2 = r * r;
    // Loader: the series needs fewer terms as n grows.
    if (n > 500) return r * (1 / 12 - r2 / 360);
    if (n > 80) return r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
    if (n > 35) return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
    return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
  }
  const twice = n + n;
  if (twice === Math.floor(twice)) return STIRLERR_HALVES[twice];
  // log Gamma(n + 1) = log Gamma(n + 1 + k) - log((n + 1) ... (n + k)), with n + 1 + k >= 10.
  return lgamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
}

/**
 * log B(a, b) for a, b > 0. With lgamma(z) = stirlerr(z) + (z - 1/2) log z - z + log sqrt(2 pi),
 * log B = stirlerr(a) + stirlerr(b) - stirlerr(a + b) + (a - 1/2) log(a / (a + b))
 *       + (b - 1/2) log(b / (a + b)) - log(a + b) / 2 + log sqrt(2 pi),
 * which has no cancellation between large terms.
 */
export function lbeta(a: number, b: number): number {
  if (!(a > 0 && b > 0)) return NaN;
  if (a === Infinity || b === Infinity) return -Infinity;
  const s = a + b;
  // log of the smaller share directly, of the larger one through log1p of the smaller
  const la = a <= b ? Math.log(a / s) : Math.log1p(-b / s);
  const lb = b <= a ? Math.log(b / s) : Math.log1p(-a / s);
  return stirlerr(a) + stirlerr(b) - stirlerr(s) + (a - 0.5) * la + (b - 0.5) * lb - 0.5 * Math.log(s) + LN_SQRT_2PI;
}
