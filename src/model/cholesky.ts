// Small dense Cholesky factor for the copula correlation matrices (5-6
// measures, or a parametric model's endpoints). Set-up only.

/**
 * Lower-triangular L (row-major k x k) with L L' = m, or null when m is not
 * symmetric positive definite (within 1e-12).
 */
export function cholesky(m: readonly (readonly number[])[]): Float64Array | null {
  const k = m.length;
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    if (m[i].length !== k) return null;
    for (let j = 0; j < i; j++) if (Math.abs(m[i][j] - m[j][i]) > 1e-12) return null;
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i][j];
      for (let p = 0; p < j; p++) s -= L[i * k + p] * L[j * k + p];
      if (i === j) {
        if (!(s > 1e-12)) return null;
        L[i * k + i] = Math.sqrt(s);
      } else {
        L[i * k + j] = s / L[j * k + j];
      }
    }
  }
  return L;
}
