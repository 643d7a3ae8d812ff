// Householder QR least squares for the small dense systems of the linear
// models in src/stats (a few rows and columns, after the data are reduced to
// cell summaries). QR keeps the accuracy of R's lm (error ~ cond(X) eps),
// where normal equations would square the condition number.
//
// Matrices are row-major in plain number arrays, with row stride p: callers
// allocate them per call, and V8 puts a typed array over 64 bytes outside its
// heap (~300 ns to allocate, more than the whole solve), a small number[]
// inside (~tens of ns).

/**
 * A number[] of `length` zeros held as unboxed doubles from the start (a
 * double stored first, then the zeros), so that later stores of doubles do
 * not convert it from small-integer elements; about 2x faster than fill(0).
 */
export function zeros(length: number): number[] {
  const a = new Array<number>(length);
  a[0] = 0.5;
  for (let i = 0; i < length; i++) a[i] = 0;
  return a;
}

/**
 * Householder QR of the m x p matrix `a` (m >= p wanted), applied to `rhs`
 * (length m) as it goes: on success the upper triangle of the first p rows of
 * `a` holds R and rhs holds Q'rhs (the "effects": the first p solve
 * R beta = ., the squares of the rest sum to the residual sum of squares).
 * Returns false, leaving `a` partly overwritten, when the part of column j
 * orthogonal to columns 0..j-1 has norm <= normFloor[j] (R's lm, via LINPACK
 * dqrdc2 with tol = 1e-7, calls a column aliased when that norm is below
 * 1e-7 times its original norm).
 */
export function householderQRInPlace(a: number[], m: number, p: number, rhs: number[], normFloor: number[]): boolean {
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (let i = j; i < m; i++) ss += a[i * p + j] * a[i * p + j];
    const norm = Math.sqrt(ss);
    if (!(norm > normFloor[j])) return false; // also catches NaN and j >= m
    const ajj = a[j * p + j];
    const alpha = ajj >= 0 ? -norm : norm; // sign chosen against cancellation
    const vj = ajj - alpha; // v = column - alpha e_j, stored in place below the diagonal
    const vtv = ss - ajj * ajj + vj * vj;
    for (let k = j + 1; k < p; k++) {
      let s = vj * a[j * p + k];
      for (let i = j + 1; i < m; i++) s += a[i * p + j] * a[i * p + k];
      const f = (2 * s) / vtv;
      a[j * p + k] -= f * vj;
      for (let i = j + 1; i < m; i++) a[i * p + k] -= f * a[i * p + j];
    }
    let s = vj * rhs[j];
    for (let i = j + 1; i < m; i++) s += a[i * p + j] * rhs[i];
    const f = (2 * s) / vtv;
    rhs[j] -= f * vj;
    for (let i = j + 1; i < m; i++) rhs[i] -= f * a[i * p + j];
    a[j * p + j] = alpha;
  }
  return true;
}

/** Solves R x = z in place (z becomes x); R is the upper triangle of the first p rows of `r`. */
export function upperSolveInPlace(r: number[], p: number, z: number[]): void {
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= r[i * p + k] * z[k];
    z[i] = s / r[i * p + i];
  }
}

/**
 * Writes (R'R)^-1 = R^-1 R^-T (= (X'X)^-1 when X = QR) into `out` (p x p,
 * full symmetric), R the upper triangle of `r`. `scratch` (length >= p * p)
 * receives R^-1; `r` is not modified.
 */
export function inverseCrossFromR(r: number[], p: number, out: number[], scratch: number[]): void {
  // scratch = R^-1 (upper triangular), column by column.
  for (let j = 0; j < p; j++) {
    for (let i = j + 1; i < p; i++) scratch[i * p + j] = 0;
    scratch[j * p + j] = 1 / r[j * p + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s -= r[i * p + k] * scratch[k * p + j];
      scratch[i * p + j] = s / r[i * p + i];
    }
  }
  // out[i][j] = sum over k >= max(i, j) of Rinv[i][k] Rinv[j][k].
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += scratch[i * p + k] * scratch[j * p + k];
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  }
}
