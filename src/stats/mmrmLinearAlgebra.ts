// Dense symmetric positive-definite kernels for the MMRM fit: in-place
// Cholesky, inverse and solves on row-major n x n blocks of a Float64Array
// at an offset, so the fit can keep every matrix in one reusable workspace
// and allocate nothing per call.

/**
 * Lower Cholesky factor of the symmetric n x n matrix at a[off..], in place
 * (the lower triangle becomes L; the strict upper triangle is left as it was).
 * Returns false when a pivot is not positive or falls to relTol times the
 * matrix's own diagonal entry (relTol = 0: plain positive definiteness; the
 * design check uses ~1e-14, the square of R's lm column tolerance 1e-7).
 */
export function choleskyInPlace(a: Float64Array, off: number, n: number, relTol: number): boolean {
  for (let j = 0; j < n; j++) {
    const jj = off + j * n + j;
    let d = a[jj];
    const floor = relTol * d;
    for (let k = 0; k < j; k++) {
      const l = a[off + j * n + k];
      d -= l * l;
    }
    if (!(d > floor) || !(d > 0)) return false; // also NaN
    const root = Math.sqrt(d);
    a[jj] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[off + i * n + j];
      for (let k = 0; k < j; k++) s -= a[off + i * n + k] * a[off + j * n + k];
      a[off + i * n + j] = s / root;
    }
  }
  return true;
}

/** log det of L L' from the factor at l[off..]. */
export function logDetFromCholesky(l: Float64Array, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[off + i * n + i]);
  return 2 * s;
}

/** Solves L L' x = b in place (b becomes x), L the lower factor at l[off..], b at b[bOff..]. */
export function choleskySolveInPlace(l: Float64Array, off: number, n: number, b: Float64Array, bOff: number): void {
  for (let i = 0; i < n; i++) {
    let s = b[bOff + i];
    for (let k = 0; k < i; k++) s -= l[off + i * n + k] * b[bOff + k];
    b[bOff + i] = s / l[off + i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[bOff + i];
    for (let k = i + 1; k < n; k++) s -= l[off + k * n + i] * b[bOff + k];
    b[bOff + i] = s / l[off + i * n + i];
  }
}

/**
 * (L L')^-1 into out[outOff..] (full symmetric n x n), from the lower factor
 * at l[off..]; `scratch` (n x n at sOff) receives L^-1.
 */
export function inverseFromCholesky(
  l: Float64Array,
  off: number,
  n: number,
  out: Float64Array,
  outOff: number,
  scratch: Float64Array,
  sOff: number,
): void {
  // scratch = L^-1 (lower triangular), column by column
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) scratch[sOff + i * n + j] = 0;
    scratch[sOff + j * n + j] = 1 / l[off + j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[off + i * n + k] * scratch[sOff + k * n + j];
      scratch[sOff + i * n + j] = s / l[off + i * n + i];
    }
  }
  // out = L^-T L^-1
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += scratch[sOff + k * n + i] * scratch[sOff + k * n + j];
      out[outOff + i * n + j] = s;
      out[outOff + j * n + i] = s;
    }
  }
}
