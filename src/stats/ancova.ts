// ANCOVA of change from baseline: y ~ arm + baseline [+ stratum] [+ arm:stratum],
// as R's lm() with treatment contrasts, and LS means as emmeans::emmeans(fit, "arm").
//
// No matrix library and no n x p model matrix: every regressor but the
// baseline is constant within an arm x stratum cell, so the least-squares
// problem splits exactly into a between-cell part (one row per cell: cell
// means weighted by sqrt(cell size)) and a within-cell part (the pooled
// within-cell regression of y on baseline, one more row). One pass over the
// data gives the cell means and within-cell sums of squares and products;
// the small (cells + 1) x p system is solved by Householder QR, so the
// accuracy is R's (~cond(X) eps), not the squared condition number of the
// normal equations X'X b = X'y; a second pass gives the residual sum of
// squares from the data.
//
// Missing values: an observation whose y or baseline is NaN is dropped (R's
// na.omit); `n` counts the observations used. ±Infinity is invalid input.
import { pf } from './distributions/fisherF.js';
import { pt, qt } from './distributions/studentT.js';
import type { TQuantiles } from './distributions/tQuantiles.js';
import { NOT_ESTIMABLE, estimable, notEstimable } from './result.js';
import type { NotEstimableReason, StatResult } from './result.js';
import { householderQRInPlace, inverseCrossFromR, upperSolveInPlace, zeros } from './smallLinearSolve.js';

export interface AncovaInput {
  /** Outcome (change from baseline); NaN = missing. */
  y: Float64Array;
  /** 0 = control, 1 = treatment. */
  arm: Uint8Array;
  /** Covariate; NaN = missing. */
  baseline: Float64Array;
  /** Factor levels 0..nStrata-1 (optional). */
  stratum?: Uint8Array;
  /** Number of stratum levels (default: largest level + 1); must be >= 2 with a stratum. */
  nStrata?: number;
  /** Add arm × stratum (needs stratum). */
  interaction?: boolean;
  /** CI level, default 0.95. */
  level?: number;
  /** Remembered t quantiles at `level` (a simulation's cache of qt; results are the same). */
  quantiles?: TQuantiles;
}

export interface AncovaCoefficient {
  readonly name: string;
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly p: number;
}

export interface AncovaInteractionTest {
  readonly estimable: boolean;
  readonly reason: NotEstimableReason | null;
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
}

export interface AncovaResult {
  readonly estimable: boolean;
  readonly reason: NotEstimableReason | null;
  readonly n: number;
  /** Residual degrees of freedom. */
  readonly df: number;
  /** Residual SD. */
  readonly sigma: number;
  /** LS-mean difference treatment − control (emmeans: covariate at its overall mean, strata equally weighted), t test, CI. */
  readonly difference: StatResult;
  /** LS means of arm 0 and arm 1 with SE, CI, df; statistic and p test LS mean = 0 (emmeans infer = TRUE). */
  readonly lsMeans: readonly [StatResult, StatResult];
  /** Coefficients in model-matrix order (R's treatment contrasts: intercept, arm, baseline, stratum levels 2.., interactions), named as R names them. */
  readonly coefficients: readonly AncovaCoefficient[];
  /** F test of arm × stratum (nested-model F, = R's anova(reduced, full)); null when not requested. */
  readonly interaction: AncovaInteractionTest | null;
}

// R's lm (dqrdc2, tol = 1e-7 on column norms) treats a column as aliased when
// its norm after projection on the earlier columns is < 1e-7 of its own norm.
const ALIAS_TOL = 1e-7;
// R's summary.lm warns of an "essentially perfect fit" at a residual variance
// near 1e-30 of the fitted values' scale; we refuse a little earlier, where
// the t statistics would be noise: residual SD < ~1e-13 of the RMS outcome.
const PERFECT_FIT_RATIO = 1e-26;

function failed(reason: NotEstimableReason, n: number, withInteraction: boolean): AncovaResult {
  const ne = notEstimable(reason, n);
  return {
    estimable: false,
    reason,
    n,
    df: NaN,
    sigma: NaN,
    difference: ne,
    lsMeans: [ne, ne],
    coefficients: [],
    interaction: withInteraction ? { estimable: false, reason, F: NaN, df1: NaN, df2: NaN, p: NaN } : null,
  };
}

/**
 * Indicator of column j of the model matrix for an observation in arm a,
 * stratum s (every column but the baseline, j = 2). Columns: 0 intercept,
 * 1 arm, 2 baseline, 3..2+qS stratum levels 1..K-1, then arm × those levels.
 */
function member(j: number, a: number, s: number, qS: number): number {
  if (j === 0) return 1;
  if (j === 1) return a;
  if (j <= 2 + qS) return s === j - 2 ? 1 : 0;
  return a === 1 && s === j - 2 - qS ? 1 : 0;
}

function twoSidedP(t: number, df: number): number {
  return 2 * pt(-Math.abs(t), df);
}

function tResult(estimate: number, se: number, df: number, q: number, n: number): StatResult {
  const t = estimate / se;
  return estimable({
    estimate,
    se,
    ci: [estimate - q * se, estimate + q * se],
    df,
    statistic: t,
    p: twoSidedP(t, df),
    n,
  });
}

/** A fit up to its residual variance (shared by ancova and ancovaInteractionTest). */
interface Fitted {
  n: number;
  /** Columns of the model matrix. */
  p: number;
  K: number;
  qS: number;
  qI: number;
  /** The reduced system after Householder QR (R in its first p rows, row-major). */
  A: number[];
  beta: number[];
  sigma2: number;
  df: number;
  /** Mean baseline (the covariate is centred at it). */
  bMean: number;
  /** RSS(without arm x stratum) - RSS(with it). */
  interactionSS: number;
}

/** The least-squares fit up to the residual variance, or why there is none. */
function fitModel(input: AncovaInput, withInteraction: boolean): Fitted | { failure: NotEstimableReason; n: number } {
  const { y, arm, baseline } = input;
  const stratum = input.stratum;
  const level = input.level ?? 0.95;
  const N = y.length;
  if (
    arm.length !== N ||
    baseline.length !== N ||
    (stratum !== undefined && stratum.length !== N) ||
    !(level > 0 && level < 1) ||
    (withInteraction && stratum === undefined)
  ) {
    return { failure: NOT_ESTIMABLE.badInput, n: 0 };
  }

  let K = 1;
  if (stratum !== undefined) {
    if (input.nStrata !== undefined) K = input.nStrata;
    else for (let i = 0; i < N; i++) if (stratum[i] + 1 > K) K = stratum[i] + 1;
    if (!Number.isInteger(K) || K < 2) return { failure: NOT_ESTIMABLE.badInput, n: 0 };
  }
  const qS = K - 1;
  const qI = withInteraction ? K - 1 : 0;
  const p = 3 + qS + qI;
  const nCells = 2 * K; // cell c = 2 * stratum + arm

  // Per cell: count, the cell's first (b, y) as shift, then sums of the
  // shifted d = b - b0, e = y - y0: d, e, d^2, d e (the shifted-data
  // algorithm: Chan, Golub & LeVeque 1983). Scratch is number[], not typed
  // arrays: see smallLinearSolve.ts on allocation cost.
  const ws = zeros(W * nCells + 1); // + sum of y^2

  const n = accumulateCells(y, arm, baseline, stratum, K, ws);
  if (n < 0) return { failure: NOT_ESTIMABLE.badInput, n: 0 };
  const sYY = ws[W * nCells];
  if (n <= p) return { failure: NOT_ESTIMABLE.tooFew, n };
  let nTreated = 0;
  for (let s = 0; s < K; s++) {
    const n0 = ws[W * 2 * s];
    const n1 = ws[W * (2 * s + 1)];
    nTreated += n1;
    if (n0 + n1 === 0 || (withInteraction && (n0 === 0 || n1 === 0))) {
      return { failure: NOT_ESTIMABLE.emptyGroup, n };
    }
  }
  if (nTreated === 0 || nTreated === n) return { failure: NOT_ESTIMABLE.emptyGroup, n };

  // Cell means (overwriting the shifts) and pooled within-cell sums.
  let sWW = 0;
  let sWY = 0;
  let sumB = 0;
  let rawBB = 0; // squared norm of the baseline column as R sees it
  for (let c = 0; c < nCells; c++) {
    const at = W * c;
    const nc = ws[at];
    if (nc === 0) continue;
    const sd = ws[at + 3];
    sWW += ws[at + 5] - (sd * sd) / nc;
    sWY += ws[at + 6] - (sd * ws[at + 4]) / nc;
    const mb = ws[at + 1] + sd / nc;
    ws[at + 1] = mb;
    ws[at + 2] += ws[at + 4] / nc;
    sumB += nc * mb;
    rawBB += nc * mb * mb;
  }
  if (sWW < 0) sWW = 0; // rounding, when the baseline is constant within cells
  rawBB += sWW;
  const bMean = sumB / n;

  // The reduced least-squares system, covariate centred at its mean:
  // one row per non-empty cell, sqrt(n_c) [cell's row of X | mean b - bMean] -> sqrt(n_c) mean y,
  // and the within-cell row [0 .. sqrt(sWW) .. 0] -> sWY / sqrt(sWW).
  const A = zeros((nCells + 1) * p);
  const z = zeros(nCells + 1);
  const floor = zeros(p);
  let row = 0;
  for (let c = 0; c < nCells; c++) {
    const at = W * c;
    const nc = ws[at];
    if (nc === 0) continue;
    const root = Math.sqrt(nc);
    const a = c & 1;
    const s = c >> 1;
    for (let j = 0; j < p; j++) {
      if (j === 2) continue;
      const x = member(j, a, s, qS);
      A[row * p + j] = root * x;
      floor[j] += nc * x;
    }
    A[row * p + 2] = root * (ws[at + 1] - bMean);
    z[row] = root * ws[at + 2];
    row++;
  }
  const rootWW = Math.sqrt(sWW);
  A[row * p + 2] = rootWW;
  z[row] = rootWW > 0 ? sWY / rootWW : 0;
  row++;
  floor[2] = rawBB;
  for (let j = 0; j < p; j++) floor[j] = ALIAS_TOL * Math.sqrt(floor[j]);
  if (!householderQRInPlace(A, row, p, z, floor)) return { failure: NOT_ESTIMABLE.singular, n };
  // The interaction columns come last, so their QR effects square to
  // RSS(without them) - RSS(with them): the nested-model F's numerator.
  let interactionSS = 0;
  for (let k = 3 + qS; k < p; k++) interactionSS += z[k] * z[k];
  const beta = z; // first p entries after the solve
  upperSolveInPlace(A, p, beta);

  // Pass 2: residual sum of squares from the data.
  for (let c = 0; c < nCells; c++) {
    let v = 0;
    for (let j = 0; j < p; j++) if (j !== 2) v += member(j, c & 1, c >> 1, qS) * beta[j];
    ws[W * c + 3] = v; // the cell part of the fit
  }
  const rss = residualSS(y, arm, baseline, stratum, ws, beta[2], bMean);

  const df = n - p;
  if (rss <= PERFECT_FIT_RATIO * sYY) return { failure: NOT_ESTIMABLE.zeroVariance, n };
  const sigma2 = rss / df;
  return { n, p, K, qS, qI, A, beta, sigma2, df, bMean, interactionSS };
}

export function ancova(input: AncovaInput): AncovaResult {
  const withInteraction = input.interaction === true;
  const level = input.level ?? 0.95;
  const fit = fitModel(input, withInteraction);
  if ('failure' in fit) return failed(fit.failure, fit.n, withInteraction);
  const { n, p, K, qS, A, beta, sigma2, df, bMean } = fit;
  const sigma = Math.sqrt(sigma2);
  const S = zeros(p * p); // (X'X)^-1
  inverseCrossFromR(A, p, S, zeros(p * p));

  // Coefficients (R's names for factor(arm), factor(stratum) with levels 0..K-1).
  const coefficients: AncovaCoefficient[] = new Array<AncovaCoefficient>(p);
  for (let j = 0; j < p; j++) {
    let est = beta[j];
    let v = S[j * p + j];
    if (j === 0) {
      // back to baseline = 0: b0 - mean * slope
      est = beta[0] - bMean * beta[2];
      v = S[0] - 2 * bMean * S[2] + bMean * bMean * S[2 * p + 2];
    }
    const se = Math.sqrt(v * sigma2);
    const t = est / se;
    coefficients[j] = { name: coefficientName(j, qS), estimate: est, se, t, p: twoSidedP(t, df) };
  }

  const q = ciQuantile(input, level, df);
  const w0 = lsMeanWeights(0, K, p);
  const w1 = lsMeanWeights(1, K, p);
  const ls0 = linearCombination(S, p, beta, w0, sigma2, df, q, n);
  const ls1 = linearCombination(S, p, beta, w1, sigma2, df, q, n);
  const difference = lsMeanDifference(S, p, beta, w0, w1, sigma2, df, q, n);

  const interaction = withInteraction ? interactionF(fit) : null;

  return { estimable: true, reason: null, n, df, sigma, difference, lsMeans: [ls0, ls1], coefficients, interaction };
}

/** The t quantile of the CI: from the remembered quantiles when they are at `level`. */
function ciQuantile(input: AncovaInput, level: number, df: number): number {
  const quantiles = input.quantiles;
  return quantiles !== undefined && quantiles.level === level ? quantiles.at(df) : qt(0.5 + level / 2, df);
}

/** LS mean of arm 1 - LS mean of arm 0 with its t test (w1 becomes the difference's weights). */
function lsMeanDifference(S: number[], p: number, beta: number[], w0: number[], w1: number[], sigma2: number, df: number, q: number, n: number): StatResult {
  for (let j = 0; j < p; j++) w1[j] -= w0[j];
  return linearCombination(S, p, beta, w1, sigma2, df, q, n);
}

/**
 * The LS-mean difference alone, as ancova(input).difference gives it (the
 * same numbers, failures included), without the coefficient table and the
 * two LS means that a simulated analysis does not read.
 */
export function ancovaDifference(input: Omit<AncovaInput, 'interaction'>): StatResult {
  const level = input.level ?? 0.95;
  const fit = fitModel(input, false);
  if ('failure' in fit) return notEstimable(fit.failure, fit.n);
  const { n, p, K, A, beta, sigma2, df } = fit;
  const S = zeros(p * p); // (X'X)^-1
  inverseCrossFromR(A, p, S, zeros(p * p));
  return lsMeanDifference(S, p, beta, lsMeanWeights(0, K, p), lsMeanWeights(1, K, p), sigma2, df, ciQuantile(input, level, df), n);
}

/**
 * The arm x stratum F test alone, as ancova(input with interaction: true)
 * gives it (the same numbers), without the coefficient table and LS means
 * that a per-stratum analysis does not read.
 */
export function ancovaInteractionTest(input: Omit<AncovaInput, 'interaction' | 'quantiles'>): AncovaInteractionTest {
  const fit = fitModel(input, true);
  if ('failure' in fit) return { estimable: false, reason: fit.failure, F: NaN, df1: NaN, df2: NaN, p: NaN };
  return interactionF(fit);
}

/** The nested-model F test of arm x stratum from a fit with the interaction. */
function interactionF(fit: Fitted): AncovaInteractionTest {
  const F = fit.interactionSS / fit.qI / fit.sigma2;
  return { estimable: true, reason: null, F, df1: fit.qI, df2: fit.df, p: pf(F, fit.qI, fit.df, false) };
}

const W = 7; // per-cell slots of the scratch array, see ancova()

/**
 * Pass 1: validates the rows and accumulates, per cell (2 * stratum + arm),
 * the count, the first (b, y) as shift, and sums of d = b - b0, e = y - y0,
 * d^2, d e; ws[W * nCells] gets sum(y^2). Returns the number of complete
 * rows, or -1 for invalid input (arm > 1, stratum >= K, ±Infinity).
 */
function accumulateCells(
  y: Float64Array,
  arm: Uint8Array,
  baseline: Float64Array,
  stratum: Uint8Array | undefined,
  K: number,
  ws: number[],
): number {
  let n = 0;
  let sYY = 0;
  for (let i = 0; i < y.length; i++) {
    const a = arm[i];
    const s = stratum === undefined ? 0 : stratum[i];
    if (a > 1 || s >= K) return -1;
    const yi = y[i];
    const bi = baseline[i];
    if (yi - yi !== 0 || bi - bi !== 0) {
      if (yi !== yi || bi !== bi) continue; // NaN: missing
      return -1; // ±Infinity
    }
    const at = W * (2 * s + a);
    if (ws[at] === 0) {
      ws[at + 1] = bi;
      ws[at + 2] = yi;
    }
    const d = bi - ws[at + 1];
    const e = yi - ws[at + 2];
    ws[at] += 1;
    ws[at + 3] += d;
    ws[at + 4] += e;
    ws[at + 5] += d * d;
    ws[at + 6] += d * e;
    sYY += yi * yi;
    n++;
  }
  ws[W * 2 * K] = sYY;
  return n;
}

/** Pass 2: residual sum of squares, the cell part of each fitted value in ws[W * cell + 3]. */
function residualSS(
  y: Float64Array,
  arm: Uint8Array,
  baseline: Float64Array,
  stratum: Uint8Array | undefined,
  ws: number[],
  slope: number,
  bMean: number,
): number {
  let rss = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const bi = baseline[i];
    if (yi !== yi || bi !== bi) continue;
    const r = yi - ws[W * (2 * (stratum === undefined ? 0 : stratum[i]) + arm[i]) + 3] - slope * (bi - bMean);
    rss += r * r;
  }
  return rss;
}

/**
 * L of the LS mean of arm a, L beta: emmeans' reference grid puts the
 * covariate at its mean (0 once centred) and weights the stratum levels
 * equally (its default weights = "equal").
 */
function lsMeanWeights(a: number, K: number, p: number): number[] {
  const w = zeros(p);
  w[0] = 1;
  w[1] = a;
  for (let s = 1; s < K; s++) {
    w[2 + s] = 1 / K;
    if (p > 2 + K) w[1 + K + s] = a / K; // arm x stratum s
  }
  return w;
}

function linearCombination(
  S: number[],
  p: number,
  beta: number[],
  w: number[],
  sigma2: number,
  df: number,
  q: number,
  n: number,
): StatResult {
  let est = 0;
  let v = 0;
  for (let i = 0; i < p; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    est += wi * beta[i];
    for (let j = 0; j < p; j++) v += wi * w[j] * S[i * p + j];
  }
  return tResult(est, Math.sqrt(v * sigma2), df, q, n);
}

function coefficientName(j: number, qS: number): string {
  if (j === 0) return '(Intercept)';
  if (j === 1) return 'arm1';
  if (j === 2) return 'baseline';
  if (j <= 2 + qS) return `stratum${j - 2}`;
  return `arm1:stratum${j - 2 - qS}`;
}
