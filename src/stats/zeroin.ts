// Brent's root finder exactly as R's uniroot() runs it: a port of R_zeroin2
// (R src/library/stats/src/zeroin.c, after Brent 1973, "Algorithms for
// minimization without derivatives", ch. 4). Ported step for step, not
// improved, so that methods R defines through uniroot (fisher.test's
// conditional MLE and confidence limits) return R's numbers, tolerance
// artefacts included.

/** R's default uniroot tolerance, .Machine$double.eps^0.25. */
export const UNIROOT_TOL = Math.pow(2.220446049250313e-16, 0.25);

const EPSILON = 2.220446049250313e-16; // DBL_EPSILON

/**
 * A root of f in [ax, bx], given fa = f(ax) and fb = f(bx) of opposite signs
 * (not checked: the callers establish the bracket). As R's
 * `uniroot(f, c(ax, bx), tol = tol, maxiter = maxit)$root`.
 */
export function zeroin(
  f: (x: number) => number,
  ax: number,
  bx: number,
  fa: number,
  fb: number,
  tol: number = UNIROOT_TOL,
  maxit = 1000,
): number {
  let a = ax;
  let b = bx;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;
  let iterations = maxit + 1;
  while (iterations-- > 0) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // b becomes the best approximation
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;

    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // interpolation may be tried
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        // two distinct points: linear interpolation
        const t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {
        // inverse quadratic interpolation
        q = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
        q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }

    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b; // R warns "iteration limit reached" and returns the last iterate
}
