// Standard normal distribution: pnorm and qnorm with R's semantics.
//
// pnorm: W. J. Cody (1969), "Rational Chebyshev approximations for the error
//   function", Math. Comp. 23, 631-637, as coded in ANORM of SPECFUN, Cody
//   (1993) ACM TOMS Algorithm 715 (the algorithm of R's pnorm.c). Three
//   rational approximations (|x| <= 0.66291, <= sqrt(32), < 50); the tail is
//   computed directly (never 1 - cdf) and exp(-x^2/2) is formed as
//   exp(-s^2/2) exp(-(x - s)(x + s)/2) with s = x rounded down to 1/16, so the
//   rounding of x^2 does not cost accuracy far out (pnorm(-37) = 5.7e-300 to
//   full precision). Results below the smallest normal double are 0, as in R.
// qnorm: M. J. Wichura (1988), "Algorithm AS 241: The percentage points of
//   the normal distribution", Applied Statistics 37, 477-484 (PPND16, about
//   1e-16 relative), the algorithm of R's qnorm.c. An upper-tail p is used
//   directly, never as 1 - p, so qnorm(1e-300, lowerTail = false) is exact.
//
// Invalid parameters (p outside [0, 1], NaN) return NaN: the distribution
// layer is the one place where NaN is the documented answer, as in R.

const DBL_MIN = 2.2250738585072014e-308;
const INV_SQRT_2PI = 0.398942280401432677939946059934; // 1 / sqrt(2 pi)
const SQRT_32 = 5.656854249492380195206754896838;

/** exp(-x^2 / 2) without the rounding error of x * x (Cody's split at 1/16). */
function expHalfSquare(x: number): number {
  const s = Math.trunc(x * 16) / 16;
  const del = (x - s) * (x + s);
  return Math.exp(-s * s * 0.5) * Math.exp(-del * 0.5);
}

/** P[Z > y] for y >= 0.66291 (the tail beyond |x|), by Cody's second and third approximations. */
function normalTail(y: number): number {
  if (y <= SQRT_32) {
    let num = 1.0765576773720192317e-8 * y;
    let den = y;
    num = (num + 0.39894151208813466764) * y;
    den = (den + 22.266688044328115691) * y;
    num = (num + 8.8831497943883759412) * y;
    den = (den + 235.38790178262499861) * y;
    num = (num + 93.506656132177855979) * y;
    den = (den + 1519.377599407554805) * y;
    num = (num + 597.27027639480026226) * y;
    den = (den + 6485.558298266760755) * y;
    num = (num + 2494.5375852903726711) * y;
    den = (den + 18615.571640885098091) * y;
    num = (num + 6848.1904505362823326) * y;
    den = (den + 34900.952721145977266) * y;
    num = (num + 11602.651437647350124) * y;
    den = (den + 38912.003286093271411) * y;
    return expHalfSquare(y) * ((num + 9842.7148383839780218) / (den + 19685.429676859990727));
  }
  if (y < 50) {
    const r = 1 / (y * y);
    let num = 0.02307344176494017303 * r;
    let den = r;
    num = (num + 0.21589853405795699) * r;
    den = (den + 1.28426009614491121) * r;
    num = (num + 0.1274011611602473639) * r;
    den = (den + 0.468238212480865118) * r;
    num = (num + 0.022235277870649807) * r;
    den = (den + 0.0659881378689285515) * r;
    num = (num + 0.001421619193227893466) * r;
    den = (den + 0.00378239633202758244) * r;
    const ratio = (r * (num + 2.9112874951168792e-5)) / (den + 7.29751555083966205e-5);
    const tail = (expHalfSquare(y) * (INV_SQRT_2PI - ratio)) / y;
    return tail < DBL_MIN ? 0 : tail;
  }
  return 0;
}

/** P[Z <= x] (lowerTail) or P[Z > x], Z standard normal. */
export function pnorm(x: number, lowerTail = true): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.66291) {
    // Cody's first approximation: 0.5 + x * R(x^2)
    const xsq = y > 1.1102230246251565e-16 ? x * x : 0;
    let num = 0.065682337918207449113 * xsq;
    let den = xsq;
    num = (num + 2.2352520354606839287) * xsq;
    den = (den + 47.20258190468824187) * xsq;
    num = (num + 161.02823106855587881) * xsq;
    den = (den + 976.09855173777669322) * xsq;
    num = (num + 1067.6894854603709582) * xsq;
    den = (den + 10260.932208618978205) * xsq;
    const temp = (x * (num + 18154.981253343561249)) / (den + 45507.789335026729956);
    return lowerTail ? 0.5 + temp : 0.5 - temp;
  }
  const tail = normalTail(y); // P[Z > |x|]
  // the requested tail is the small one when x is on its side
  return lowerTail === x < 0 ? tail : 0.5 - tail + 0.5;
}

/** Quantile: x with P[Z <= x] = p (lowerTail) or P[Z > x] = p. */
export function qnorm(p: number, lowerTail = true): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return lowerTail ? -Infinity : Infinity;
  if (p === 1) return lowerTail ? Infinity : -Infinity;
  // q = (lower-tail probability) - 1/2; for an upper-tail p that is 1/2 - p, exact.
  const q = lowerTail ? p - 0.5 : 0.5 - p;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  // r = the smaller of the two tail probabilities, taken from p without 1 - p when it is the small one
  const small = p < 0.5 ? p : 1 - p;
  let r = Math.sqrt(-Math.log(small));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}
