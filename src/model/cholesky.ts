// Small dense Cholesky factor for the copula correlation matrices (5-6
// measures, or a parametric model's endpoints), built at set-up, and its
// product with a vector of normals (below), used per patient.

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

// The copula's correlated normals z = L e, row by row, unrolled for the
// ProDERM sizes (5 baseline and 6 response latents). Each row sums its
// products left to right, as lowerTimes does: the same numbers bit for bit
// (test/model/cholesky.test.ts).

/** z = L e for a lower-triangular k x k L (row-major): the plain loop. */
export function lowerTimes(L: Float64Array, k: number, e: Float64Array, z: Float64Array, zo = 0): void {
  for (let i = 0; i < k; i++) {
    let s = L[i * k] * e[0];
    for (let j = 1; j <= i; j++) s += L[i * k + j] * e[j];
    z[zo + i] = s;
  }
}

/** lowerTimes with k = 5, unrolled. */
export function lowerTimes5(L: Float64Array, e: Float64Array, z: Float64Array): void {
  z[0] = L[0] * e[0];
  z[1] = L[5] * e[0] + L[6] * e[1];
  z[2] = L[10] * e[0] + L[11] * e[1] + L[12] * e[2];
  z[3] = L[15] * e[0] + L[16] * e[1] + L[17] * e[2] + L[18] * e[3];
  z[4] = L[20] * e[0] + L[21] * e[1] + L[22] * e[2] + L[23] * e[3] + L[24] * e[4];
}

/** lowerTimes with k = 6 into z[zo ..], unrolled. */
export function lowerTimes6(L: Float64Array, e: Float64Array, z: Float64Array, zo: number): void {
  z[zo] = L[0] * e[0];
  z[zo + 1] = L[6] * e[0] + L[7] * e[1];
  z[zo + 2] = L[12] * e[0] + L[13] * e[1] + L[14] * e[2];
  z[zo + 3] = L[18] * e[0] + L[19] * e[1] + L[20] * e[2] + L[21] * e[3];
  z[zo + 4] = L[24] * e[0] + L[25] * e[1] + L[26] * e[2] + L[27] * e[3] + L[28] * e[4];
  z[zo + 5] = L[30] * e[0] + L[31] * e[1] + L[32] * e[2] + L[33] * e[3] + L[34] * e[4] + L[35] * e[5];
}
