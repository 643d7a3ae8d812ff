// Baseline marginal distributions of the ProDERM model, as exact set-up
// functions (probability mass functions, quantiles) shared by the compiled
// generator and the effect-override solver.
import jStat from 'jstat';
import type { ProdermParams } from './prodermParams.js';

/** Gamma (shape, scale) from a mean and SD. */
export function gammaShapeScale(mean: number, sd: number): [number, number] {
  return [(mean / sd) ** 2, (sd * sd) / mean];
}

/** Beta (a, b) on [0, 1] from a mean and SD on [lo, hi]. */
export function betaShapes(mean: number, sd: number, lo: number, hi: number): [number, number] {
  const w = hi - lo;
  const m = (mean - lo) / w;
  const v = (sd / w) ** 2;
  const nu = (m * (1 - m)) / v - 1;
  return [m * nu, (1 - m) * nu];
}

export function gammaQuantile(p: number, shape: number, scale: number): number {
  return jStat.gamma.inv(p, shape, scale);
}

export function betaQuantile(p: number, a: number, b: number): number {
  return jStat.ibetainv(p, a, b);
}

/**
 * P[score = k], k = 0..max, of a zero-inflated score whose positive part is
 * ceil(X), X ~ gamma(mean, sd), capped at max (baseline CDASI-A and CDASI-D).
 */
export function zeroInflatedCeilGammaPmf(zeroShare: number, mean: number, sd: number, max: number): Float64Array {
  const [k, theta] = gammaShapeScale(mean, sd);
  const pmf = new Float64Array(max + 1);
  pmf[0] = zeroShare;
  let prev = 0;
  for (let x = 1; x <= max; x++) {
    const F = x === max ? 1 : jStat.gamma.cdf(x, k, theta);
    pmf[x] = (1 - zeroShare) * (F - prev);
    prev = F;
  }
  return pmf;
}

export function cdasiABaselinePmf(p: ProdermParams): Float64Array {
  return zeroInflatedCeilGammaPmf(p.cdasiABaselineZeroShare, p.cdasiABaselineActiveMean, p.cdasiABaselineActiveSd, 100);
}

export function cdasiDBaselinePmf(p: ProdermParams): Float64Array {
  return zeroInflatedCeilGammaPmf(p.cdasiDBaselineZeroShare, p.cdasiDBaselinePositiveMean, p.cdasiDBaselinePositiveSd, 32);
}

/** P[MMT-8 = max - j], j = 0..max: the deficit below the maximum is round(X), X ~ gamma. */
export function mmt8BaselinePmf(p: ProdermParams): Float64Array {
  const [k, theta] = gammaShapeScale(p.mmt8BaselineDeficitMean, p.mmt8BaselineDeficitSd);
  const max = p.mmt8BaselineMax;
  const pmf = new Float64Array(max + 1);
  let prev = 0;
  for (let j = 0; j <= max; j++) {
    const F = j === max ? 1 : jStat.gamma.cdf(j + 0.5, k, theta);
    pmf[j] = F - prev;
    prev = F;
  }
  return pmf;
}

/**
 * The distribution of X = lo + (hi - lo) Beta(a, b) above `cut` on 400
 * cells: midpoints and conditional probabilities (they sum to 1).
 */
export function betaCells(a: number, b: number, lo: number, hi: number, cut: number): { x: Float64Array; w: Float64Array } {
  const cells = 400;
  const x = new Float64Array(cells);
  const w = new Float64Array(cells);
  const start = Math.max(0, (cut - lo) / (hi - lo));
  let prevF = jStat.ibeta(start, a, b);
  let mass = 0;
  for (let j = 0; j < cells; j++) {
    const F = jStat.ibeta(Math.min(1, start + ((1 - start) * (j + 1)) / cells), a, b);
    x[j] = lo + (hi - lo) * (start + ((1 - start) * (j + 0.5)) / cells);
    w[j] = F - prevF;
    mass += w[j];
    prevF = F;
  }
  for (let j = 0; j < cells; j++) w[j] /= mass;
  return { x, w };
}
