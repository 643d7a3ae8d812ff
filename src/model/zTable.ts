// A marginal distribution as a monotone map of a standard normal latent:
// value = F^-1(Phi(z)), tabulated once per compiled model on an even z grid
// and read by linear interpolation in the hot path (no special functions per
// patient). The Gaussian copula of the virtual cohort is built on these.
import { normalCdf } from './normalCdf.js';

export interface ZTable {
  /** z of the first node. */
  readonly lo: number;
  /** 1 / grid step. */
  readonly invStep: number;
  /** Values at the nodes lo, lo + step, ... */
  readonly values: Float64Array;
}

const Z_LO = -8;
const Z_HI = 8;
const Z_STEP = 1 / 64;

/**
 * Tabulate `quantile(u)` at u = Phi(z) for z in [lo, 8] (lo defaults to -8).
 * `quantile` must be non-decreasing; `uFrom` maps Phi(z) first (used for
 * the continuous part above a point mass).
 */
export function zTable(quantile: (u: number) => number, lo = Z_LO, uFrom: (u: number) => number = (u) => u): ZTable {
  const n = Math.ceil((Z_HI - lo) / Z_STEP) + 1;
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const u = uFrom(normalCdf(lo + j * Z_STEP));
    values[j] = quantile(Math.min(Math.max(u, 1e-300), 1 - 1e-16));
  }
  // Guard monotonicity against quantile-solver jitter.
  for (let j = 1; j < n; j++) if (values[j] < values[j - 1]) values[j] = values[j - 1];
  return { lo, invStep: 1 / Z_STEP, values };
}

/** The tabulated value at z (clamped to the table's ends). */
export function zLookup(t: ZTable, z: number): number {
  const x = (z - t.lo) * t.invStep;
  const v = t.values;
  if (!(x > 0)) return v[0];
  const last = v.length - 1;
  if (x >= last) return v[last];
  const j = x | 0;
  const f = x - j;
  return v[j] + f * (v[j + 1] - v[j]);
}
