// MMRM: a mixed model for repeated measures of the change from baseline,
// fitted by REML, as nlme::gls(y ~ 0 + visit + visit:arm + visit:baseline
// [+ stratum], correlation = corSymm(form = ~ visit | id),
// weights = varIdent(form = ~ 1 | visit), method = "REML") fits it, with the
// LS-mean difference (arm 1 − arm 0) at the primary visit as emmeans gives it
// and Satterthwaite degrees of freedom. See docs/analysis.md, "MMRM".
//
// No n x p model matrix. Patient i's mean at visit a is B[a] x_i with
// x_i = (1, arm, baseline − mean, stratum dummies), so every quantity of the
// REML likelihood and its first two derivatives is a sum over missingness
// patterns (the set of visits a patient was seen at) of per-pattern
// sufficient statistics: n_p, S_p = Σ x x', Y_p = Σ y x', YY_p = Σ y y'
// (one pass over the data). An evaluation then costs O(patterns · V^2 q^2),
// whatever the number of patients.
//
// The objective is f(θ) = −2 REML log-likelihood − const
//   = Σ_p n_p log|Σ_p| + log|X'WX| + r'Wr,   W = blockdiag(Σ_i^-1),
// β profiled out (GLS). With A_p = W_p (H_p + R_p) W_p, H_p = Σ_i X_i Φ X_i',
// R_p = Σ_i r_i r_i' (V x V, zero off the pattern), Φ = (X'WX)^-1,
// M_j = X'W Σ̇_j W X and g_j = X'W Σ̇_j W r:
//   ∂f/∂θ_j      = Σ_p tr(Σ̇_j [n_p W_p − A_p])
//   ∂²f/∂θ_j∂θ_k = Σ_p tr(Σ̇_j W_p Σ̇_k (2A_p − n_p W_p)) − tr(Φ M_j Φ M_k)
//                  − 2 g_j'Φ g_k + Σ_ab (∂f/∂Σ_ab) ∂²Σ_ab/∂θ_j∂θ_k
// and its expectation (Fisher scoring) replaces 2A_p − n_p W_p by
// n_p W_p − 2 W_p H_p W_p and drops the last two terms but for
// + tr(Φ M_j Φ M_k) in place of − tr(...). Newton–Raphson with step halving;
// a Fisher-scoring step where the observed Hessian is not positive definite.
import { pt, qt } from './distributions/studentT.js';
import type { TQuantiles } from './distributions/tQuantiles.js';
import { choleskyInPlace, choleskySolveInPlace, inverseFromCholesky, logDetFromCholesky } from './mmrmLinearAlgebra.js';
import { NOT_ESTIMABLE, estimable, notEstimable } from './result.js';
import type { NotEstimableReason, StatResult } from './result.js';

/** Covariance structures of the within-patient errors (mmrm's names). */
export const COVARIANCE = {
  /** Unstructured: every variance and covariance free, V (V + 1) / 2 parameters. */
  unstructured: 'us',
  /** Heterogeneous Toeplitz: σ_a σ_b ρ_|a−b|, 2V − 1 parameters. */
  toeplitz: 'toeph',
  /** AR(1): σ² ρ^|a−b|, 2 parameters. */
  ar1: 'ar1',
  /** Compound symmetry: σ² on the diagonal, σ² ρ off it, 2 parameters. */
  compoundSymmetry: 'cs',
} as const;
export type CovarianceStructure = (typeof COVARIANCE)[keyof typeof COVARIANCE];

/** The order structures are tried in when a fit fails (the default of `covariance`). */
export const COVARIANCE_FALLBACK: readonly CovarianceStructure[] = Object.freeze([
  COVARIANCE.unstructured,
  COVARIANCE.toeplitz,
  COVARIANCE.ar1,
  COVARIANCE.compoundSymmetry,
]);

export interface MmrmInput {
  /** Change from baseline, patient-major: y[i * nVisits + v] (v = 0..nVisits-1); NaN = missing. */
  y: Float64Array;
  /** Post-baseline visits (>= 2). */
  nVisits: number;
  /** Per patient: 0 = control, 1 = treatment. */
  arm: Uint8Array;
  /** Per patient covariate; NaN drops the patient. */
  baseline: Float64Array;
  /** Per patient factor level 0..nStrata-1 (optional): a stratum main effect. */
  stratum?: Uint8Array;
  /** Stratum levels (default: largest level + 1); >= 2 with a stratum. */
  nStrata?: number;
  /** Primary visit, 0-based (default: the last). */
  visit?: number;
  /** Structures to try, in order, until one converges (default COVARIANCE_FALLBACK). */
  covariance?: readonly CovarianceStructure[];
  /** CI level, default 0.95. */
  level?: number;
  /** Remembered t quantiles at `level` (used only when the df is an integer). */
  quantiles?: TQuantiles;
  /** Scratch buffers reused across calls (mmrmWorkspace); made per call when absent. */
  workspace?: MmrmWorkspace;
}

export interface MmrmResult {
  readonly estimable: boolean;
  readonly reason: NotEstimableReason | null;
  /** Patients used (baseline known, at least one visit observed). */
  readonly n: number;
  /** Observations (patient-visits) used. */
  readonly nObservations: number;
  /** LS-mean difference arm 1 − arm 0 at the primary visit, Satterthwaite df, CI, two-sided p. */
  readonly difference: StatResult;
  /** LS means of arm 0 and arm 1 at the primary visit (baseline at its mean over the observations, strata equally weighted). */
  readonly lsMeans: readonly [StatResult, StatResult];
  /** The structure of the fit reported (null when none converged). */
  readonly covariance: CovarianceStructure | null;
  /** Why each structure tried before `covariance` failed, in order. */
  readonly failures: readonly { structure: CovarianceStructure; reason: NotEstimableReason }[];
  /** Newton iterations of the reported fit. */
  readonly iterations: number;
  readonly converged: boolean;
  /** REML log-likelihood, as nlme's logLik(). */
  readonly logLik: number;
  /** Fixed effects: V visit intercepts (baseline = 0), V arm-by-visit, V baseline-by-visit, then strata 1..K-1. */
  readonly coefficients: readonly number[];
  /** Estimated V x V covariance matrix, row-major. */
  readonly sigma: readonly number[];
}

/** Largest number of visits (patterns are bit masks of the visits seen). */
const MAX_VISITS = 30;
const MAX_ITERATIONS = 200;
/** Converged when the Newton decrement −∇f'Δ (in units of −2 log-likelihood) is below this ... */
const DECREMENT_TOL = 1e-13;
/** ... or below this multiple of |f| (f is computed to ~1e-16 |f|). */
const DECREMENT_RELATIVE_TOL = 1e-15;
/** Iterations after which the steps use the exact Hessian (quadratic convergence where the approximate one is slow: p large for n). */
const EXACT_HESSIAN_AFTER = 5;
/** Largest γ (p / (V n)) at which the Newton steps use the approximate m p³ term (n V >= 20 p). */
const MAX_CURVATURE_GAMMA = 0.05;
/** Step halvings before a step is given up. */
const MAX_HALVINGS = 40;
/** Design singular when a Cholesky pivot of X'X falls to this fraction of its diagonal (R's lm: 1e-7 on column norms, squared). */
const ALIAS_TOL = 1e-14;
/** Zero variance when a visit's residual sum of squares is below this fraction of its sum of squared outcomes. */
const PERFECT_FIT_RATIO = 1e-26;
/** Central-difference step for the second derivatives of Σ(θ) (structures other than unstructured). */
const SECOND_DERIVATIVE_STEP = 1e-5;

/**
 * Scratch for mmrm(): every matrix of the fit, sized for `nVisits`, the
 * strata, and a number of patients; reused (and regrown when too small).
 */
export interface MmrmWorkspace {
  V: number;
  q: number;
  maxPatterns: number;
  patMask: Int32Array;
  patSize: Int32Array;
  patObs: Int32Array;
  patN: Float64Array;
  patS: Float64Array;
  patY: Float64Array;
  patYY: Float64Array;
  patW: Float64Array;
  patLogDet: Float64Array;
  patH: Float64Array;
  patR: Float64Array;
  patA: Float64Array;
  patQ: Float64Array;
  small: Float64Array;
  smallInv: Float64Array;
  smallScratch: Float64Array;
  sigma: Float64Array;
  /** The pairwise-complete OLS residual covariance every structure starts from. */
  sigmaStart: Float64Array;
  sigmaPlus: Float64Array;
  F: Float64Array;
  Phi: Float64Array;
  Fscratch: Float64Array;
  u: Float64Array;
  beta: Float64Array;
  B: Float64Array;
  grad: Float64Array;
  gradSigma: Float64Array;
  Hobs: Float64Array;
  Hexp: Float64Array;
  Hchol: Float64Array;
  delta: Float64Array;
  theta: Float64Array;
  thetaTry: Float64Array;
  D: Float64Array;
  Dplus: Float64Array;
  Dminus: Float64Array;
  Tobs: Float64Array;
  Texp: Float64Array;
  TJ: Float64Array;
  M: Float64Array;
  N: Float64Array;
  g: Float64Array;
  Phig: Float64Array;
  WDW: Float64Array;
  WQ: Float64Array;
  DWQ: Float64Array;
  nzIndex: Int32Array;
  Gunit: Float64Array;
  Y: Float64Array;
  nzValue: Float64Array;
  nzStart: Int32Array;
  /** fixed[a * q + c]: the fixed-effect index of covariate c at visit a. */
  fixed: Int32Array;
  vec1: Float64Array;
  vec2: Float64Array;
  pairCount: Float64Array;
  /** L X_p'W_p e_c per pattern and visit (p x q each), and that times S_p: the unstructured covariance's Z_j (lowRankCurvatureFactors). */
  curvT: Float64Array;
  curvK: Float64Array;
  /** Mean outcome per visit (the data are centred at it). */
  yMean: Float64Array;
  yCount: Float64Array;
  visitArmCount: Float64Array;
}

/** A workspace for fits with `nVisits` visits, `nStrata` stratum levels (1 = none) and up to `maxPatterns` missingness patterns. */
export function mmrmWorkspace(nVisits: number, nStrata = 1, maxPatterns = 16): MmrmWorkspace {
  const V = nVisits;
  const q = 2 + Math.max(nStrata, 1);
  const p = 3 * V + Math.max(nStrata, 1) - 1;
  const m = (V * (V + 1)) / 2;
  const P = maxPatterns;
  const V2 = V * V;
  return {
    V,
    q,
    maxPatterns: P,
    patMask: new Int32Array(P),
    patSize: new Int32Array(P),
    patObs: new Int32Array(P * V),
    patN: new Float64Array(P),
    patS: new Float64Array(P * q * q),
    patY: new Float64Array(P * V * q),
    patYY: new Float64Array(P * V2),
    patW: new Float64Array(P * V2),
    patLogDet: new Float64Array(P),
    patH: new Float64Array(P * V2),
    patR: new Float64Array(P * V2),
    patA: new Float64Array(P * V2),
    patQ: new Float64Array(P * V * q),
    small: new Float64Array(V2),
    smallInv: new Float64Array(V2),
    smallScratch: new Float64Array(V2),
    sigma: new Float64Array(V2),
    sigmaStart: new Float64Array(V2),
    sigmaPlus: new Float64Array(V2),
    F: new Float64Array(p * p),
    Phi: new Float64Array(p * p),
    Fscratch: new Float64Array(p * p),
    u: new Float64Array(p),
    beta: new Float64Array(p),
    B: new Float64Array(V * q),
    grad: new Float64Array(m),
    gradSigma: new Float64Array(V2),
    Hobs: new Float64Array(m * m),
    Hexp: new Float64Array(m * m),
    Hchol: new Float64Array(m * m),
    delta: new Float64Array(m),
    theta: new Float64Array(m),
    thetaTry: new Float64Array(m),
    D: new Float64Array(m * V2),
    Dplus: new Float64Array(m * V2),
    Dminus: new Float64Array(m * V2),
    Tobs: new Float64Array(V2 * V2),
    Texp: new Float64Array(V2 * V2),
    TJ: new Float64Array(V2 * m),
    M: new Float64Array(p * p),
    N: new Float64Array((m * p * (p + 1)) / 2),
    g: new Float64Array(m * p),
    Phig: new Float64Array(m * p),
    WDW: new Float64Array(V2),
    WQ: new Float64Array(V * q),
    nzIndex: new Int32Array(m * V2),
    Gunit: new Float64Array(V2 * p),
    Y: new Float64Array(p * p),
    nzValue: new Float64Array(m * V2),
    nzStart: new Int32Array(m + 1),
    DWQ: new Float64Array(V * q),
    fixed: Int32Array.from({ length: V * q }, (_, k) => fixedIndex(Math.floor(k / q), k % q, V)),
    vec1: new Float64Array(p),
    vec2: new Float64Array(p),
    pairCount: new Float64Array(V2),
    curvT: new Float64Array(P * V * p * q),
    curvK: new Float64Array(P * V * p * q),
    yMean: new Float64Array(V),
    yCount: new Float64Array(V),
    visitArmCount: new Float64Array(2 * V),
  };
}

/** Sizes of one fit. */
interface Dims {
  V: number;
  /** Stratum levels (1 = no stratum). */
  K: number;
  /** Per-patient covariates: 1, arm, centred baseline, K − 1 stratum dummies. */
  q: number;
  /** Fixed effects: 3V + K − 1. */
  p: number;
  /** Missingness patterns present. */
  P: number;
  nObs: number;
  /** Patients used. */
  nPatients: number;
  /** Mean baseline over the observations (the covariate is centred at it). */
  bMean: number;
}

/** Fixed-effect index of covariate c at visit a (stratum effects are common to all visits). */
function fixedIndex(a: number, c: number, V: number): number {
  return c < 3 ? c * V + a : 3 * V + c - 3;
}

function parameterCount(structure: CovarianceStructure, V: number): number {
  switch (structure) {
    case COVARIANCE.unstructured:
      return (V * (V + 1)) / 2;
    case COVARIANCE.toeplitz:
      return 2 * V - 1;
    default:
      return 2;
  }
}

/**
 * Σ(θ) into `sigma` and, when `D` is given, ∂Σ/∂θ_j into D[j V² ..].
 * Parametrisations: us, the elements Σ_ab (a <= b, by rows); toeph,
 * log σ_a then atanh ρ_k per lag; ar1 and cs, log σ² and atanh ρ.
 */
function sigmaOf(structure: CovarianceStructure, theta: Float64Array, V: number, sigma: Float64Array, D: Float64Array | null): void {
  const V2 = V * V;
  const m = parameterCount(structure, V);
  if (D !== null) D.fill(0, 0, m * V2);
  if (structure === COVARIANCE.unstructured) {
    let j = 0;
    for (let a = 0; a < V; a++) {
      for (let b = a; b < V; b++) {
        sigma[a * V + b] = theta[j];
        sigma[b * V + a] = theta[j];
        if (D !== null) {
          D[j * V2 + a * V + b] = 1;
          D[j * V2 + b * V + a] = 1;
        }
        j++;
      }
    }
    return;
  }
  if (structure === COVARIANCE.toeplitz) {
    for (let a = 0; a < V; a++) {
      for (let b = 0; b < V; b++) {
        const lag = a > b ? a - b : b - a;
        const rho = lag === 0 ? 1 : Math.tanh(theta[V + lag - 1]);
        const s = Math.exp(theta[a] + theta[b]) * rho;
        sigma[a * V + b] = s;
        if (D !== null) {
          D[a * V2 + a * V + b] += s;
          D[b * V2 + a * V + b] += s;
          if (lag > 0) D[(V + lag - 1) * V2 + a * V + b] = Math.exp(theta[a] + theta[b]) * (1 - rho * rho);
        }
      }
    }
    return;
  }
  const s2 = Math.exp(theta[0]);
  const rho = Math.tanh(theta[1]);
  for (let a = 0; a < V; a++) {
    for (let b = 0; b < V; b++) {
      const lag = a > b ? a - b : b - a;
      let r: number;
      let dr: number; // ∂r/∂ρ
      if (structure === COVARIANCE.ar1) {
        r = lag === 0 ? 1 : Math.pow(rho, lag);
        dr = lag === 0 ? 0 : lag * Math.pow(rho, lag - 1);
      } else {
        r = lag === 0 ? 1 : rho;
        dr = lag === 0 ? 0 : 1;
      }
      sigma[a * V + b] = s2 * r;
      if (D !== null) {
        D[a * V + b] = s2 * r;
        D[V2 + a * V + b] = s2 * dr * (1 - rho * rho);
      }
    }
  }
}

function failedResult(
  reason: NotEstimableReason,
  n: number,
  nObs: number,
  failures: { structure: CovarianceStructure; reason: NotEstimableReason }[],
): MmrmResult {
  const ne = notEstimable(reason, n);
  return {
    estimable: false,
    reason,
    n,
    nObservations: nObs,
    difference: ne,
    lsMeans: [ne, ne],
    covariance: null,
    failures,
    iterations: 0,
    converged: false,
    logLik: NaN,
    coefficients: [],
    sigma: [],
  };
}

/** The workspace to use: the caller's when it fits, else a new one. */
function workspaceFor(input: MmrmInput, V: number, K: number, patients: number): MmrmWorkspace {
  const ws = input.workspace;
  const maxPatterns = Math.min(patients, 2 ** V);
  if (ws !== undefined && ws.V === V && ws.q === 2 + K && ws.maxPatterns >= maxPatterns) return ws;
  const fresh = mmrmWorkspace(V, K, Math.max(maxPatterns, 1));
  if (ws !== undefined) Object.assign(ws, fresh); // regrow the caller's, so the next call reuses it
  return fresh;
}

export function mmrm(input: MmrmInput): MmrmResult {
  const failures: { structure: CovarianceStructure; reason: NotEstimableReason }[] = [];
  const V = input.nVisits;
  const N = input.arm.length;
  const level = input.level ?? 0.95;
  const primary = input.visit ?? V - 1;
  const stratum = input.stratum;
  let K = 1;
  if (stratum !== undefined) {
    if (input.nStrata !== undefined) K = input.nStrata;
    else for (let i = 0; i < stratum.length; i++) if (stratum[i] + 1 > K) K = stratum[i] + 1;
  }
  if (
    !Number.isInteger(V) ||
    V < 2 ||
    V > MAX_VISITS ||
    input.y.length !== N * V ||
    input.baseline.length !== N ||
    (stratum !== undefined && (stratum.length !== N || !Number.isInteger(K) || K < 2 || K > 64)) ||
    !(level > 0 && level < 1) ||
    !Number.isInteger(primary) ||
    primary < 0 ||
    primary >= V
  ) {
    return failedResult(NOT_ESTIMABLE.badInput, 0, 0, failures);
  }
  const ws = workspaceFor(input, V, K, N);
  const prep = preparePatterns(input, ws, V, K);
  if (typeof prep === 'string') return failedResult(prep, 0, 0, failures);
  const { n, dims } = prep;
  const check = checkDesign(ws, dims);
  if (check !== null) return failedResult(check, n, dims.nObs, failures);

  const structures = input.covariance ?? COVARIANCE_FALLBACK;
  for (const structure of structures) {
    const fit = fitStructure(ws, dims, structure);
    if (typeof fit === 'string') {
      failures.push({ structure, reason: fit });
      continue;
    }
    const result = resultOf(ws, dims, structure, fit, primary, level, input.quantiles, n, failures);
    if (result.estimable) return result; // else resultOf recorded why in failures: try the next
  }
  const last = failures.length > 0 ? failures[failures.length - 1].reason : NOT_ESTIMABLE.badInput;
  return failedResult(last, n, dims.nObs, failures);
}

/**
 * For the equivalence test of the fast paths (test/stats/mmrmFastPaths.test.ts):
 * fits `input` under the unstructured covariance and, at its optimum,
 * returns the largest difference between the rank-2 curvature factors Z_j
 * and the general M_j route (relative to the largest |Z_j| entry), and
 * between the Hessian with the approximate term taken out directly and
 * one recomputed by a second derivatives() call (relative to the largest
 * |∂²f| entry); null when the fit fails. Allocates; not for the hot path.
 */
export function mmrmFastPathDifferences(input: MmrmInput): { curvature: number; hessian: number; iterations: number } | null {
  const V = input.nVisits;
  const K = input.stratum === undefined ? 1 : (input.nStrata ?? 1);
  const ws = mmrmWorkspace(V, K, Math.max(Math.min(input.arm.length, 2 ** V), 1));
  const prep = preparePatterns(input, ws, V, K);
  if (typeof prep === 'string' || checkDesign(ws, prep.dims) !== null) return null;
  const { dims } = prep;
  const fit = fitStructure(ws, dims, COVARIANCE.unstructured);
  if (typeof fit === 'string') return null;
  const m = parameterCount(COVARIANCE.unstructured, V);
  const packed = (dims.p * (dims.p + 1)) / 2;
  const largestDifference = (a: Float64Array, b: Float64Array, length: number): number => {
    let diff = 0;
    let scale = 0;
    for (let k = 0; k < length; k++) {
      diff = Math.max(diff, Math.abs(a[k] - b[k]));
      scale = Math.max(scale, Math.abs(b[k]));
    }
    return diff / scale;
  };
  const fast = ws.N.slice(0, m * packed);
  curvatureFactors(ws, dims, m);
  const curvature = largestDifference(fast, ws.N, m * packed);
  const hessian = ws.Hobs.slice(0, m * m);
  derivatives(ws, dims, COVARIANCE.unstructured, m, true);
  return { curvature, hessian: largestDifference(hessian, ws.Hobs, m * m), iterations: fit.iterations };
}

/**
 * One pass over the data: validates it, centres the baseline at its mean over
 * the observations (emmeans' reference grid), groups patients by their
 * pattern of observed visits and accumulates the pattern statistics.
 */
function preparePatterns(input: MmrmInput, ws: MmrmWorkspace, V: number, K: number): { n: number; dims: Dims } | NotEstimableReason {
  const { y, arm, baseline } = input;
  const stratum = input.stratum;
  const N = arm.length;
  const q = 2 + K;
  // pass 1: validity and the mean baseline over the observations
  let nObs = 0;
  let sumB = 0;
  const yMean = ws.yMean;
  const yCount = ws.yCount;
  yMean.fill(0);
  yCount.fill(0);
  for (let i = 0; i < N; i++) {
    if (arm[i] > 1 || (stratum !== undefined && stratum[i] >= K)) return NOT_ESTIMABLE.badInput;
    const b = baseline[i];
    if (b - b !== 0) {
      if (b !== b) continue;
      return NOT_ESTIMABLE.badInput; // ±Infinity
    }
    for (let a = 0; a < V; a++) {
      const v = y[i * V + a];
      if (v - v !== 0) {
        if (v !== v) continue;
        return NOT_ESTIMABLE.badInput;
      }
      nObs++;
      sumB += b;
      yCount[a] += 1;
      yMean[a] += (v - yMean[a]) / yCount[a];
    }
  }
  const bMean = nObs > 0 ? sumB / nObs : 0;

  // pass 2: patterns and their sums
  const V2 = V * V;
  let P = 0;
  let n = 0;
  ws.visitArmCount.fill(0);
  ws.pairCount.fill(0);
  for (let i = 0; i < N; i++) {
    const b = baseline[i];
    if (b !== b) continue;
    let mask = 0;
    for (let a = 0; a < V; a++) if (y[i * V + a] === y[i * V + a]) mask |= 1 << a;
    if (mask === 0) continue;
    n++;
    let pi = 0;
    while (pi < P && ws.patMask[pi] !== mask) pi++;
    if (pi === P) {
      P++;
      ws.patMask[pi] = mask;
      let size = 0;
      for (let a = 0; a < V; a++) if ((mask >> a) & 1) ws.patObs[pi * V + size++] = a;
      ws.patSize[pi] = size;
      ws.patN[pi] = 0;
      ws.patS.fill(0, pi * q * q, (pi + 1) * q * q);
      ws.patY.fill(0, pi * V * q, (pi + 1) * V * q);
      ws.patYY.fill(0, pi * V2, (pi + 1) * V2);
    }
    ws.patN[pi] += 1;
    // x = (1, arm, baseline − mean, stratum dummies 1..K−1); the dummy sits at index 2 + s
    const ai = arm[i];
    const bc = b - bMean;
    const s = stratum === undefined ? 0 : stratum[i];
    const S = ws.patS;
    const so = pi * q * q;
    S[so] += 1;
    S[so + 1] += ai;
    S[so + 2] += bc;
    S[so + q + 1] += ai;
    S[so + q + 2] += ai * bc;
    S[so + 2 * q + 2] += bc * bc;
    if (s > 0) {
      const c = 2 + s;
      S[so + c] += 1;
      S[so + q + c] += ai;
      S[so + 2 * q + c] += bc;
      S[so + c * q + c] += 1;
    }
    const yo = pi * V * q;
    // outcomes centred per visit, so that R_p = YY − YB' − BY' + BSB' does not
    // cancel (the visit intercepts take the means back, see resultOf)
    const yc = ws.vec2;
    const size = ws.patSize[pi];
    const obs = pi * V;
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[obs + ka];
      const ya = y[i * V + a] - yMean[a];
      yc[ka] = ya;
      ws.patY[yo + a * q] += ya;
      ws.patY[yo + a * q + 1] += ai * ya;
      ws.patY[yo + a * q + 2] += bc * ya;
      if (s > 0) ws.patY[yo + a * q + 2 + s] += ya;
      const row = pi * V2 + a * V;
      for (let kb = 0; kb <= ka; kb++) ws.patYY[row + ws.patObs[obs + kb]] += ya * yc[kb];
    }
  }
  // observations per visit and arm, and per pair of visits, from the patterns
  for (let pi = 0; pi < P; pi++) {
    const size = ws.patSize[pi];
    const obs = pi * V;
    const n1 = ws.patS[pi * q * q + q + 1]; // Σ arm
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[obs + ka];
      ws.visitArmCount[2 * a] += ws.patN[pi] - n1;
      ws.visitArmCount[2 * a + 1] += n1;
      for (let kb = 0; kb <= ka; kb++) ws.pairCount[a * V + ws.patObs[obs + kb]] += ws.patN[pi];
    }
  }
  // symmetrise the lower triangles
  for (let pi = 0; pi < P; pi++) {
    const so = pi * q * q;
    for (let c = 0; c < q; c++) for (let d = 0; d < c; d++) ws.patS[so + c * q + d] = ws.patS[so + d * q + c];
    for (let a = 0; a < V; a++) for (let b2 = 0; b2 < a; b2++) ws.patYY[pi * V2 + b2 * V + a] = ws.patYY[pi * V2 + a * V + b2];
  }
  for (let a = 0; a < V; a++) for (let b2 = 0; b2 < a; b2++) ws.pairCount[b2 * V + a] = ws.pairCount[a * V + b2];
  return { n, dims: { V, K, q, p: 3 * V + K - 1, P, nObs, nPatients: n, bMean } };
}

/**
 * Before any fit: an empty arm, a rank-deficient design (a Cholesky pivot
 * of X'X below ALIAS_TOL of its diagonal: an arm or a visit without data,
 * a constant or collinear baseline), too few observations, or a visit whose
 * least-squares residuals are all zero. Leaves the OLS start in ws.sigma.
 */
function checkDesign(ws: MmrmWorkspace, dims: Dims): NotEstimableReason | null {
  const { V, p, nObs } = dims;
  let arm0 = 0;
  let arm1 = 0;
  for (let a = 0; a < V; a++) {
    arm0 += ws.visitArmCount[2 * a];
    arm1 += ws.visitArmCount[2 * a + 1];
  }
  if (nObs === 0) return NOT_ESTIMABLE.tooFew;
  if (arm0 === 0 || arm1 === 0) return NOT_ESTIMABLE.emptyGroup;
  if (nObs <= p) return NOT_ESTIMABLE.tooFew;
  // OLS: W = identity on each pattern's visits
  const V2 = V * V;
  for (let pi = 0; pi < dims.P; pi++) {
    const w = pi * V2;
    ws.patW.fill(0, w, w + V2);
    ws.patLogDet[pi] = 0;
    for (let k = 0; k < ws.patSize[pi]; k++) {
      const a = ws.patObs[pi * V + k];
      ws.patW[w + a * V + a] = 1;
    }
  }
  if (!assembleAndSolve(ws, dims, ALIAS_TOL)) return NOT_ESTIMABLE.singular;
  residualCrossProducts(ws, dims);
  // starting covariance: pairwise-complete residual cross-products
  const S = ws.sigmaStart;
  S.fill(0);
  for (let pi = 0; pi < dims.P; pi++) for (let k = 0; k < V2; k++) S[k] += ws.patR[pi * V2 + k];
  for (let a = 0; a < V; a++) {
    let yy = 0;
    for (let pi = 0; pi < dims.P; pi++) yy += ws.patYY[pi * V2 + a * V + a];
    if (!(S[a * V + a] > PERFECT_FIT_RATIO * yy)) return NOT_ESTIMABLE.zeroVariance;
  }
  // per pair of visits, the residual cross-products over their degrees of freedom (the REML estimate itself for complete data)
  for (let a = 0; a < V; a++) for (let b = 0; b < V; b++) S[a * V + b] /= Math.max(ws.pairCount[a * V + b] - dims.q, 1);
  // a visit with under 2 residual df (its variance near 0 by chance) starts
  // at the mean variance of the others, uncorrelated
  let pooled = 0;
  let visits = 0;
  for (let a = 0; a < V; a++) {
    if (ws.pairCount[a * V + a] - dims.q >= 2) {
      pooled += S[a * V + a];
      visits++;
    }
  }
  if (visits > 0) {
    for (let a = 0; a < V; a++) {
      if (ws.pairCount[a * V + a] - dims.q >= 2) continue;
      for (let b = 0; b < V; b++) {
        S[a * V + b] = 0;
        S[b * V + a] = 0;
      }
      S[a * V + a] = pooled / visits;
    }
  }
  monotoneStart(ws, dims);
  return null;
}

/**
 * A closer start than the pairwise covariance: Σ from the factored
 * likelihood of monotone data. Visit v's outcome is regressed on the
 * covariates and the outcomes at visits 0..v−1 over the patients seen at all
 * of 0..v (from the pattern statistics); its coefficients Γ on the earlier
 * outcomes and residual sum of squares give Σ_{v,<v} = Γ'Σ_{<v,<v} and
 * Σ_vv = RSS / (n_v − q) + Γ'Σ_{<v,v}. That is the REML estimate itself for
 * complete data and close to it under monotone dropout (the Newton iteration
 * then needs about one step fewer). Leaves ws.sigmaStart as it was when a
 * regression has no residual degrees of freedom or is singular.
 */
function monotoneStart(ws: MmrmWorkspace, dims: Dims): void {
  const { V, q, P } = dims;
  const V2 = V * V;
  // only for monotone patterns (visits 0..k): with gaps the REML surface can
  // have several optima, and the pairwise start keeps est2's choice among them
  for (let pi = 0; pi < P; pi++) if ((ws.patMask[pi] & (ws.patMask[pi] + 1)) !== 0) return;
  const C = ws.M; // cross-products of (x, y_0..y_v), d x d
  const chol = ws.Y;
  const gamma = ws.vec1;
  const out = ws.sigmaPlus;
  for (let v = 0; v < V; v++) {
    const r = q + v; // regressors
    const d = r + 1;
    const need = (1 << (v + 1)) - 1;
    C.fill(0, 0, d * d);
    let nv = 0;
    for (let pi = 0; pi < P; pi++) {
      if ((ws.patMask[pi] & need) !== need) continue;
      nv += ws.patN[pi];
      const so = pi * q * q;
      const yo = pi * V * q;
      const w = pi * V2;
      for (let c = 0; c < q; c++) for (let e = 0; e < q; e++) C[c * d + e] += ws.patS[so + c * q + e];
      for (let a = 0; a <= v; a++) {
        for (let c = 0; c < q; c++) {
          const x = ws.patY[yo + a * q + c];
          C[(q + a) * d + c] += x;
          C[c * d + q + a] += x;
        }
        for (let b = 0; b <= v; b++) C[(q + a) * d + q + b] += ws.patYY[w + a * V + b];
      }
    }
    if (!(nv - r >= 1)) return;
    for (let i = 0; i < r; i++) {
      for (let k = 0; k < r; k++) chol[i * r + k] = C[i * d + k];
      gamma[i] = C[i * d + r];
    }
    if (!choleskyInPlace(chol, 0, r, ALIAS_TOL)) return;
    choleskySolveInPlace(chol, 0, r, gamma, 0);
    let rss = C[r * d + r];
    for (let i = 0; i < r; i++) rss -= gamma[i] * C[i * d + r];
    const s = rss / (nv - q);
    if (!(s > PERFECT_FIT_RATIO * C[r * d + r])) return;
    let vv = s;
    for (let b = 0; b < v; b++) {
      let x = 0;
      for (let a = 0; a < v; a++) x += gamma[q + a] * out[a * V + b];
      out[v * V + b] = x;
      out[b * V + v] = x;
      vv += gamma[q + b] * x;
    }
    out[v * V + v] = vv;
  }
  for (let k = 0; k < V2; k++) ws.sigmaStart[k] = out[k];
}

/**
 * F = X'WX and u = X'Wy from the patterns' W, then β (and B) by Cholesky;
 * F keeps its factor. False when F is singular (pivot below relTol of its diagonal).
 */
function assembleAndSolve(ws: MmrmWorkspace, dims: Dims, relTol: number): boolean {
  const { V, q, p, P } = dims;
  const V2 = V * V;
  const F = ws.F;
  const u = ws.u;
  const fx = ws.fixed;
  F.fill(0, 0, p * p);
  u.fill(0, 0, p);
  for (let pi = 0; pi < P; pi++) {
    const w = pi * V2;
    const so = pi * q * q;
    const yo = pi * V * q;
    const size = ws.patSize[pi];
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[pi * V + ka];
      for (let kb = 0; kb < size; kb++) {
        const b = ws.patObs[pi * V + kb];
        const wab = ws.patW[w + a * V + b];
        for (let c = 0; c < q; c++) {
          const ac = fx[a * q + c];
          const row = ac * p;
          for (let d = 0; d < q; d++) F[row + fx[b * q + d]] += wab * ws.patS[so + c * q + d];
          u[ac] += wab * ws.patY[yo + b * q + c];
        }
      }
    }
  }
  if (!choleskyInPlace(F, 0, p, relTol)) return false;
  const beta = ws.beta;
  for (let j = 0; j < p; j++) beta[j] = u[j];
  choleskySolveInPlace(F, 0, p, beta, 0);
  for (let k = 0; k < V * q; k++) ws.B[k] = beta[fx[k]];
  return true;
}

/**
 * R_p = Σ_i r_i r_i' = YY − Y B' − B Y' + B S B' and Q_p = Σ_i r_i x_i' = Y − B S
 * on each pattern's visits (zero elsewhere).
 */
function residualCrossProducts(ws: MmrmWorkspace, dims: Dims): void {
  const { V, q, P } = dims;
  const V2 = V * V;
  const B = ws.B;
  for (let pi = 0; pi < P; pi++) {
    const so = pi * q * q;
    const yo = pi * V * q;
    const ro = pi * V2;
    ws.patR.fill(0, ro, ro + V2);
    ws.patQ.fill(0, yo, yo + V * q);
    const size = ws.patSize[pi];
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[pi * V + ka];
      // Q row a, and (B S)_a c kept in Q temporarily
      for (let c = 0; c < q; c++) {
        let bs = 0;
        for (let d = 0; d < q; d++) bs += B[a * q + d] * ws.patS[so + d * q + c];
        ws.patQ[yo + a * q + c] = ws.patY[yo + a * q + c] - bs;
      }
    }
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[pi * V + ka];
      for (let kb = 0; kb <= ka; kb++) {
        const b = ws.patObs[pi * V + kb];
        // r r' summed = YY_ab − Σ_c B_ac Y_bc − Σ_c Q_ac B_bc  (using Q = Y − BS)
        let s = ws.patYY[ro + a * V + b];
        for (let c = 0; c < q; c++) s -= B[a * q + c] * ws.patY[yo + b * q + c] + ws.patQ[yo + a * q + c] * B[b * q + c];
        ws.patR[ro + a * V + b] = s;
        ws.patR[ro + b * V + a] = s;
      }
    }
  }
}

/**
 * W_p = Σ_p^-1 (scattered into V x V) and log|Σ_p| for every pattern, from ws.sigma.
 * False when some Σ_p is not positive definite.
 */
function patternInverses(ws: MmrmWorkspace, dims: Dims): boolean {
  const { V, P } = dims;
  const V2 = V * V;
  const sig = ws.sigma;
  for (let pi = 0; pi < P; pi++) {
    const size = ws.patSize[pi];
    const obs = pi * V;
    for (let ka = 0; ka < size; ka++) {
      for (let kb = 0; kb <= ka; kb++) ws.small[ka * size + kb] = sig[ws.patObs[obs + ka] * V + ws.patObs[obs + kb]];
    }
    if (!choleskyInPlace(ws.small, 0, size, 0)) return false;
    ws.patLogDet[pi] = logDetFromCholesky(ws.small, 0, size);
    inverseFromCholesky(ws.small, 0, size, ws.smallInv, 0, ws.smallScratch, 0);
    const w = pi * V2;
    ws.patW.fill(0, w, w + V2);
    for (let ka = 0; ka < size; ka++) {
      for (let kb = 0; kb < size; kb++) ws.patW[w + ws.patObs[obs + ka] * V + ws.patObs[obs + kb]] = ws.smallInv[ka * size + kb];
    }
  }
  return true;
}

/**
 * f(θ) = Σ_p n_p log|Σ_p| + log|X'WX| + r'Wr at ws.sigma (β, B, F's factor,
 * R_p, Q_p updated), or NaN when Σ is not positive definite or X'WX singular.
 */
function objective(ws: MmrmWorkspace, dims: Dims): number {
  if (!patternInverses(ws, dims)) return NaN;
  if (!assembleAndSolve(ws, dims, 0)) return NaN;
  residualCrossProducts(ws, dims);
  const { V, p, P } = dims;
  const V2 = V * V;
  let f = logDetFromCholesky(ws.F, 0, p);
  for (let pi = 0; pi < P; pi++) {
    f += ws.patN[pi] * ws.patLogDet[pi];
    for (let k = 0; k < V2; k++) f += ws.patW[pi * V2 + k] * ws.patR[pi * V2 + k];
  }
  return f;
}

/**
 * Gradient (ws.grad), observed Hessian (ws.Hobs) and expected Hessian
 * (ws.Hexp) of f in θ, after objective() at the same θ. D must hold ∂Σ/∂θ.
 */
/**
 * Per pattern: H_p, A_p = W (H + R) W; the gradient in Σ (ws.gradSigma) and
 * the observed Hessian's tensor over Σ's entries (ws.Tobs); with `expected`,
 * only the expected Hessian's tensor (ws.Texp), which a fit needs only where
 * the observed Hessian is not positive definite (expectedHessian).
 */
function patternTerms(ws: MmrmWorkspace, dims: Dims, expected = false, gamma = 0): void {
  const { V, q, p, P } = dims;
  const V2 = V * V;
  const Phi = ws.Phi;
  inverseFromCholesky(ws.F, 0, p, Phi, 0, ws.Fscratch, 0);
  const fx = ws.fixed;
  const Gs = ws.gradSigma;
  const Tobs = ws.Tobs;
  const Texp = ws.Texp;
  if (expected) Texp.fill(0);
  else {
    Gs.fill(0);
    Tobs.fill(0);
  }
  const W = ws.patW;
  const H = ws.patH;
  const A = ws.patA;
  const Ko = ws.small; // 2A − n W
  const Ke = ws.smallInv; // n W − 2 W H W
  const WM = ws.smallScratch; // W (H + R), then W H
  for (let pi = 0; pi < P; pi++) {
    const w = pi * V2;
    const so = pi * q * q;
    const size = ws.patSize[pi];
    const obs = pi * V;
    const np = ws.patN[pi];
    const nw = np * (1 + gamma); // n_p, or n_p (1 + γ) with the approximate m p³ term
    // H_p = Σ_i X_i Φ X_i' : H_ab = Σ_cd Φ[(a,c),(b,d)] S_cd
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[obs + ka];
      for (let kb = 0; kb <= ka; kb++) {
        const b = ws.patObs[obs + kb];
        let s = 0;
        for (let c = 0; c < q; c++) {
          const row = fx[a * q + c] * p;
          for (let d = 0; d < q; d++) s += Phi[row + fx[b * q + d]] * ws.patS[so + c * q + d];
        }
        H[w + a * V + b] = s;
        H[w + b * V + a] = s;
      }
    }
    // A = W (H + R) W (observed), or W H W (expected), on the pattern's visits (zero elsewhere)
    if (!expected) A.fill(0, w, w + V2);
    for (let pass = expected ? 1 : 0; pass < (expected ? 2 : 1); pass++) {
      for (let ka = 0; ka < size; ka++) {
        const a = ws.patObs[obs + ka];
        for (let kd = 0; kd < size; kd++) {
          const d = ws.patObs[obs + kd];
          let s = 0;
          for (let kc = 0; kc < size; kc++) {
            const c = ws.patObs[obs + kc];
            s += W[w + a * V + c] * (pass === 0 ? H[w + c * V + d] + ws.patR[w + c * V + d] : H[w + c * V + d]);
          }
          WM[a * V + d] = s;
        }
      }
      for (let ka = 0; ka < size; ka++) {
        const a = ws.patObs[obs + ka];
        for (let kb = 0; kb < size; kb++) {
          const b = ws.patObs[obs + kb];
          let s = 0;
          for (let kd = 0; kd < size; kd++) {
            const d = ws.patObs[obs + kd];
            s += WM[a * V + d] * W[w + d * V + b];
          }
          if (pass === 0) {
            A[w + a * V + b] = s;
            Ko[a * V + b] = 2 * s - nw * W[w + a * V + b];
          } else {
            Ke[a * V + b] = np * W[w + a * V + b] - 2 * s;
          }
        }
      }
    }
    if (!expected) {
      for (let ka = 0; ka < size; ka++) {
        const a = ws.patObs[obs + ka];
        for (let kb = 0; kb < size; kb++) {
          const k = a * V + ws.patObs[obs + kb];
          Gs[k] += np * W[w + k] - A[w + k];
        }
      }
    }
    // the tensor over Σ's entries: T[(a,b),(c,d)] += W_bc K_da
    const T = expected ? Texp : Tobs;
    const K = expected ? Ke : Ko;
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[obs + ka];
      for (let kb = 0; kb < size; kb++) {
        const b = ws.patObs[obs + kb];
        const row = (a * V + b) * V2;
        for (let kc = 0; kc < size; kc++) {
          const c = ws.patObs[obs + kc];
          const wbc = W[w + b * V + c];
          for (let kd = 0; kd < size; kd++) {
            const d = ws.patObs[obs + kd];
            T[row + c * V + d] += wbc * K[d * V + a];
          }
        }
      }
    }
  }
}

/** g_j = X'W Σ̇_j W r and the −2 g_j'Φ g_k term of the observed Hessian. */
function residualTerms(ws: MmrmWorkspace, dims: Dims, m: number): void {
  const { V, q, p, P } = dims;
  const V2 = V * V;
  const fx = ws.fixed;
  // unit vectors G_xy = Σ_p vec(W e_x e_y' W Q_p) = Σ_p w_x ⊗ (W Q_p)_y, then g_j = Σ (∂Σ/∂θ_j)_xy G_xy
  const G = ws.Gunit;
  G.fill(0, 0, V2 * p);
  const WQ = ws.WQ;
  for (let pi = 0; pi < P; pi++) {
    const w = pi * V2;
    const W = ws.patW;
    const yo = pi * V * q;
    const size = ws.patSize[pi];
    const obs = pi * V;
    for (let ka = 0; ka < size; ka++) {
      const a = ws.patObs[obs + ka];
      for (let c = 0; c < q; c++) {
        let s = 0;
        for (let kb = 0; kb < size; kb++) {
          const b = ws.patObs[obs + kb];
          s += W[w + a * V + b] * ws.patQ[yo + b * q + c];
        }
        WQ[a * q + c] = s;
      }
    }
    for (let kx = 0; kx < size; kx++) {
      const x = ws.patObs[obs + kx];
      for (let ky = 0; ky < size; ky++) {
        const y = ws.patObs[obs + ky];
        const go = (x * V + y) * p;
        for (let ke = 0; ke < size; ke++) {
          const e = ws.patObs[obs + ke];
          const wex = W[w + e * V + x];
          for (let c = 0; c < q; c++) G[go + fx[e * q + c]] += wex * WQ[y * q + c];
        }
      }
    }
  }
  const { nzIndex, nzValue, nzStart } = ws;
  // h_j = C^-1 g_j (F = C C'), so g_j'Φ g_k = h_j'h_k
  const h = ws.Phig;
  const C = ws.F;
  for (let j = 0; j < m; j++) {
    const ho = j * p;
    h.fill(0, ho, ho + p);
    for (let z = nzStart[j]; z < nzStart[j + 1]; z++) {
      const go = nzIndex[z] * p;
      const v = nzValue[z];
      for (let r = 0; r < p; r++) h[ho + r] += v * G[go + r];
    }
    for (let r = 0; r < p; r++) {
      let s = h[ho + r];
      for (let t = 0; t < r; t++) s -= C[r * p + t] * h[ho + t];
      h[ho + r] = s / C[r * p + r];
    }
  }
  for (let j = 0; j < m; j++) {
    for (let k = 0; k <= j; k++) {
      let gg = 0;
      for (let r = 0; r < p; r++) gg += h[j * p + r] * h[k * p + r];
      const v = ws.Hobs[j * m + k] - 2 * gg;
      ws.Hobs[j * m + k] = v;
      ws.Hobs[k * m + j] = v;
    }
  }
}

/**
 * γ of the approximate m p³ term: tr(Φ M_j Φ M_k) ≈ γ Σ_p n_p tr(Σ̇_j W_p Σ̇_k W_p),
 * exact (γ n = q) for complete data without strata; 0 (the term left out, as
 * before) when γ would exceed MAX_CURVATURE_GAMMA: in very small samples the
 * fit keeps its earlier path, which the boundary cases there are sensitive to.
 */
function curvatureGamma(dims: Dims): number {
  const gamma = dims.p / (dims.V * dims.nPatients);
  return gamma <= MAX_CURVATURE_GAMMA ? gamma : 0;
}

function derivatives(ws: MmrmWorkspace, dims: Dims, structure: CovarianceStructure, m: number, full: boolean): void {
  patternTerms(ws, dims, false, full ? 0 : curvatureGamma(dims));
  const V2 = dims.V * dims.V;
  const D = ws.D;
  const Gs = ws.gradSigma;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < V2; k++) s += Gs[k] * D[j * V2 + k];
    ws.grad[j] = s;
  }
  // J' T J (the expected Hessian's only when needed: expectedHessian)
  indexNonZeros(ws, V2, m);
  contractTensor(ws, ws.Tobs, ws.Hobs, V2, m);

  residualTerms(ws, dims, m);
  if (structure !== COVARIANCE.unstructured) addCurvatureOfSigma(ws, dims, structure, m);
  if (full) fixedEffectsCurvature(ws, dims, m, structure === COVARIANCE.unstructured);
}

/**
 * Takes the approximate m p³ term back out of ws.Hobs after derivatives(…,
 * false): adds γ Σ_p n_p tr(Σ̇_j W_p Σ̇_k W_p), through E_j = W_p Σ̇_j from
 * Σ̇_j's non-zero entries (ws.Dplus is scratch), instead of a second
 * derivatives() call at the same θ.
 */
function undoApproximateCurvature(ws: MmrmWorkspace, dims: Dims, m: number): void {
  const { V, P } = dims;
  const V2 = V * V;
  const gamma = curvatureGamma(dims);
  const E = ws.Dplus;
  const W = ws.patW;
  const { nzIndex, nzValue, nzStart } = ws;
  if (nzStart[m] <= 2 * m) {
    // at most two entries per Σ̇_j (unstructured): tr(Σ̇_j W Σ̇_k W) = Σ v v' W_dc' W_d'c over (c, d) of j, (c', d') of k
    for (let j = 0; j < m; j++) {
      for (let k = 0; k <= j; k++) {
        let add = 0;
        for (let pi = 0; pi < P; pi++) {
          const w = pi * V2;
          let tr = 0;
          for (let z = nzStart[j]; z < nzStart[j + 1]; z++) {
            const c = (nzIndex[z] / V) | 0;
            const d = nzIndex[z] - c * V;
            for (let z2 = nzStart[k]; z2 < nzStart[k + 1]; z2++) {
              const c2 = (nzIndex[z2] / V) | 0;
              const d2 = nzIndex[z2] - c2 * V;
              tr += nzValue[z] * nzValue[z2] * W[w + d * V + c2] * W[w + d2 * V + c];
            }
          }
          add += ws.patN[pi] * tr;
        }
        add *= gamma;
        ws.Hobs[j * m + k] += add;
        if (k !== j) ws.Hobs[k * m + j] += add;
      }
    }
    return;
  }
  for (let pi = 0; pi < P; pi++) {
    const w = pi * V2;
    const np = ws.patN[pi];
    E.fill(0, 0, m * V2);
    for (let j = 0; j < m; j++) {
      for (let z = nzStart[j]; z < nzStart[j + 1]; z++) {
        const c = (nzIndex[z] / V) | 0;
        const d = nzIndex[z] - c * V;
        const v = nzValue[z];
        for (let x = 0; x < V; x++) E[j * V2 + x * V + d] += v * W[w + x * V + c];
      }
    }
    for (let j = 0; j < m; j++) {
      for (let k = 0; k <= j; k++) {
        let tr = 0;
        for (let x = 0; x < V; x++) for (let y = 0; y < V; y++) tr += E[j * V2 + x * V + y] * E[k * V2 + y * V + x];
        const add = gamma * np * tr;
        ws.Hobs[j * m + k] += add;
        if (k !== j) ws.Hobs[k * m + j] += add;
      }
    }
  }
}

/**
 * The expected Hessian (ws.Hexp) at the θ of the last derivatives(): its
 * tensor and contraction, plus, when fixedEffectsCurvature ran there
 * (`curvature`), its tr(Φ M_j Φ M_k) from ws.N. The same sums in the same
 * order as when every derivatives() call made it.
 */
function expectedHessian(ws: MmrmWorkspace, dims: Dims, m: number, curvature: boolean): void {
  patternTerms(ws, dims, true);
  contractTensor(ws, ws.Texp, ws.Hexp, dims.V * dims.V, m);
  if (!curvature) return;
  const packed = (dims.p * (dims.p + 1)) / 2;
  const { N, Hexp } = ws;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k <= j; k++) {
      let tr = 0;
      const a = j * packed;
      const b = k * packed;
      for (let r = 0; r < packed; r++) tr += N[a + r] * N[b + r];
      Hexp[j * m + k] += tr;
      if (k !== j) Hexp[k * m + j] += tr;
    }
  }
}

/**
 * The term of the Hessians that costs m p³: tr(Φ M_j Φ M_k), M_j = Σ_p (W D_j W) ⊗ S_p,
 * subtracted from the observed and added to the expected Hessian; leaves
 * N_j = Φ M_j for the Satterthwaite gradients. Without it the Newton
 * iteration still converges (to the same point, the gradient is exact) at a
 * rate ~ p / n per step, so it is added only at the final point.
 */
function fixedEffectsCurvature(ws: MmrmWorkspace, dims: Dims, m: number, unstructured = false): void {
  if (unstructured) lowRankCurvatureFactors(ws, dims, m);
  else curvatureFactors(ws, dims, m);
  const packed = (dims.p * (dims.p + 1)) / 2;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k <= j; k++) {
      let tr = 0;
      const a = j * packed;
      const b = k * packed;
      for (let r = 0; r < packed; r++) tr += ws.N[a + r] * ws.N[b + r];
      ws.Hobs[j * m + k] -= tr;
      ws.Hexp[j * m + k] += tr;
      if (k !== j) {
        ws.Hobs[k * m + j] -= tr;
        ws.Hexp[k * m + j] += tr;
      }
    }
  }
}

/**
 * Z_j = L M_j L' (packed into ws.N, see curvatureFactors) when every ∂Σ/∂θ_j
 * is E_cd + E_dc or E_cc (the unstructured covariance). Then W_p D_j W_p =
 * w_c w_d' + w_d w_c' (w_c = W_p e_c) has rank 2, M_j = Σ_p U_pc S_p U_pd' +
 * U_pd S_p U_pc' with U_pc = X_p'W_p e_c (p x q), and
 * Z_j = Σ_p K_pc T_pd' + K_pd T_pc' with T_pc = L U_pc, K_pc = T_pc S_p:
 * about half the operations of forming M_j and multiplying by L twice.
 */
function lowRankCurvatureFactors(ws: MmrmWorkspace, dims: Dims, m: number): void {
  const { V, q, p, P } = dims;
  const V2 = V * V;
  const fx = ws.fixed;
  const L = ws.Fscratch; // C^-1 (lower), left there by inverseFromCholesky in patternTerms
  const W = ws.patW;
  const T = ws.curvT;
  const K = ws.curvK;
  const pq = p * q;
  for (let pi = 0; pi < P; pi++) {
    const w = pi * V2;
    const so = pi * q * q;
    const size = ws.patSize[pi];
    const obs = pi * V;
    for (let kc = 0; kc < size; kc++) {
      const c = ws.patObs[obs + kc];
      const to = (pi * V + c) * pq;
      // T_pc[r, e] = Σ_a W_ac L[r, (a, e)]
      T.fill(0, to, to + pq);
      for (let ka = 0; ka < size; ka++) {
        const a = ws.patObs[obs + ka];
        const wac = W[w + a * V + c];
        for (let e = 0; e < q; e++) {
          const col = fx[a * q + e];
          for (let r = col; r < p; r++) T[to + r * q + e] += wac * L[r * p + col]; // L is lower: rows from col
        }
      }
      // K_pc = T_pc S_p
      for (let r = 0; r < p; r++) {
        for (let e = 0; e < q; e++) {
          let x = 0;
          for (let f = 0; f < q; f++) x += T[to + r * q + f] * ws.patS[so + f * q + e];
          K[to + r * q + e] = x;
        }
      }
    }
  }
  const packed = (p * (p + 1)) / 2;
  const { nzIndex, nzStart } = ws;
  for (let j = 0; j < m; j++) {
    const z0 = nzStart[j];
    const c = (nzIndex[z0] / V) | 0;
    const d = nzIndex[z0] - c * V; // D_j = E_cd + E_dc (c ≠ d) or E_cc
    const base = j * packed;
    ws.N.fill(0, base, base + packed);
    for (let pi = 0; pi < P; pi++) {
      const mask = ws.patMask[pi];
      if (!((mask >> c) & 1) || !((mask >> d) & 1)) continue;
      const kc = (pi * V + c) * pq;
      const kd = (pi * V + d) * pq;
      let z = base;
      if (c === d) {
        for (let r = 0; r < p; r++) {
          for (let s = 0; s <= r; s++) {
            let x = 0;
            for (let e = 0; e < q; e++) x += K[kc + r * q + e] * T[kc + s * q + e];
            ws.N[z++] += s === r ? x : Math.SQRT2 * x;
          }
        }
        continue;
      }
      for (let r = 0; r < p; r++) {
        for (let s = 0; s <= r; s++) {
          let x = 0;
          for (let e = 0; e < q; e++) x += K[kc + r * q + e] * T[kd + s * q + e] + K[kd + r * q + e] * T[kc + s * q + e];
          ws.N[z++] += s === r ? x : Math.SQRT2 * x;
        }
      }
    }
  }
}

/** Z_j = L M_j L' for every j through M_j = Σ_p (W D_j W) ⊗ S_p (any structure); packed into ws.N. */
function curvatureFactors(ws: MmrmWorkspace, dims: Dims, m: number): void {
  const { V, q, p, P } = dims;
  const V2 = V * V;
  const fx = ws.fixed;
  const pp = p * p;
  const packed = (p * (p + 1)) / 2;
  const L = ws.Fscratch; // C^-1 (lower), left there by inverseFromCholesky in patternTerms
  const { nzIndex, nzValue, nzStart } = ws;
  const Mj = ws.M;
  const Y = ws.Y;
  for (let j = 0; j < m; j++) {
    Mj.fill(0, 0, pp);
    for (let pi = 0; pi < P; pi++) {
      const w = pi * V2;
      const W = ws.patW;
      const WDW = ws.WDW;
      // WDW = W D_j W through D_j's non-zero entries
      WDW.fill(0);
      for (let z = nzStart[j]; z < nzStart[j + 1]; z++) {
        const c = (nzIndex[z] / V) | 0;
        const d = nzIndex[z] - c * V;
        const v = nzValue[z];
        for (let a = 0; a < V; a++) {
          const x = v * W[w + a * V + c];
          if (x === 0) continue;
          for (let b = 0; b < V; b++) WDW[a * V + b] += x * W[w + d * V + b];
        }
      }
      const so = pi * q * q;
      const size = ws.patSize[pi];
      for (let ka = 0; ka < size; ka++) {
        const a = ws.patObs[pi * V + ka];
        for (let kb = 0; kb < size; kb++) {
          const b = ws.patObs[pi * V + kb];
          const x = WDW[a * V + b];
          if (x === 0) continue;
          for (let c = 0; c < q; c++) {
            const row = fx[a * q + c] * p;
            for (let d = 0; d < q; d++) Mj[row + fx[b * q + d]] += x * ws.patS[so + c * q + d];
          }
        }
      }
    }
    // Z_j = L M_j L' (lower triangle, off-diagonal scaled by √2 so that tr(Z_j Z_k) is a dot product);
    // it reads Y = L M_j only on and below the diagonal
    for (let r = 0; r < p; r++) {
      const yo = r * p;
      Y.fill(0, yo, yo + r + 1);
      for (let t = 0; t <= r; t++) {
        const l = L[r * p + t];
        const mo = t * p;
        for (let c = 0; c <= r; c++) Y[yo + c] += l * Mj[mo + c];
      }
    }
    let z = j * packed;
    for (let r = 0; r < p; r++) {
      for (let s = 0; s <= r; s++) {
        let v = 0;
        for (let t = 0; t <= s; t++) v += Y[r * p + t] * L[s * p + t];
        ws.N[z++] = s === r ? v : Math.SQRT2 * v;
      }
    }
  }
}

/**
 * out (m x m) = J' T J with J the m matrices ∂Σ/∂θ_j (V² each), read through
 * their non-zero entries (ws.nzIndex / nzValue / nzStart: 1 or 2 each for
 * the unstructured covariance); TJ is scratch.
 */
function contractTensor(ws: MmrmWorkspace, T: Float64Array, out: Float64Array, V2: number, m: number): void {
  const { TJ, nzIndex, nzValue, nzStart } = ws;
  for (let r = 0; r < V2; r++) {
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let z = nzStart[k]; z < nzStart[k + 1]; z++) s += T[r * V2 + nzIndex[z]] * nzValue[z];
      TJ[r * m + k] = s;
    }
  }
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let z = nzStart[j]; z < nzStart[j + 1]; z++) s += nzValue[z] * TJ[nzIndex[z] * m + k];
      out[j * m + k] = s;
    }
  }
}

/** The non-zero entries of each ∂Σ/∂θ_j in ws.D, for contractTensor. */
function indexNonZeros(ws: MmrmWorkspace, V2: number, m: number): void {
  let z = 0;
  for (let j = 0; j < m; j++) {
    ws.nzStart[j] = z;
    for (let c = 0; c < V2; c++) {
      const v = ws.D[j * V2 + c];
      if (v !== 0) {
        ws.nzIndex[z] = c;
        ws.nzValue[z] = v;
        z++;
      }
    }
  }
  ws.nzStart[m] = z;
}

/**
 * Σ_ab (∂f/∂Σ_ab) ∂²Σ_ab/∂θ_j∂θ_k into the observed Hessian, the second
 * derivatives of Σ(θ) by central differences of its first (error ~1e-10).
 */
function addCurvatureOfSigma(ws: MmrmWorkspace, dims: Dims, structure: CovarianceStructure, m: number): void {
  const V2 = dims.V * dims.V;
  const h = SECOND_DERIVATIVE_STEP;
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < m; i++) ws.thetaTry[i] = ws.theta[i];
    ws.thetaTry[k] = ws.theta[k] + h;
    sigmaOf(structure, ws.thetaTry, dims.V, ws.sigmaPlus, ws.Dplus);
    ws.thetaTry[k] = ws.theta[k] - h;
    sigmaOf(structure, ws.thetaTry, dims.V, ws.sigmaPlus, ws.Dminus);
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < V2; c++) s += ws.gradSigma[c] * (ws.Dplus[j * V2 + c] - ws.Dminus[j * V2 + c]);
      ws.Hobs[j * m + k] += s / (2 * h);
    }
  }
  // symmetrise the finite-difference part
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) {
      const s = 0.5 * (ws.Hobs[j * m + k] + ws.Hobs[k * m + j]);
      ws.Hobs[j * m + k] = s;
      ws.Hobs[k * m + j] = s;
    }
  }
}

/** Starting θ for a structure (into ws.theta), from the pairwise-complete OLS covariance `start`. */
function startingValues(ws: MmrmWorkspace, V: number, structure: CovarianceStructure, start: Float64Array): void {
  const S = start;
  const theta = ws.theta;
  if (structure === COVARIANCE.unstructured) {
    // shrink the correlations until Σ is positive definite
    for (let shrink = 1; ; shrink *= 0.5) {
      let j = 0;
      for (let a = 0; a < V; a++) for (let b = a; b < V; b++) theta[j++] = a === b ? S[a * V + a] : shrink * S[a * V + b];
      sigmaOf(structure, theta, V, ws.sigma, null);
      for (let k = 0; k < V * V; k++) ws.small[k] = ws.sigma[k];
      if (choleskyInPlace(ws.small, 0, V, 0) || shrink < 1e-3) return;
    }
  }
  // mean correlation by lag
  const lagSum = ws.vec1;
  const lagN = ws.vec2;
  lagSum.fill(0);
  lagN.fill(0);
  let logVar = 0;
  for (let a = 0; a < V; a++) {
    logVar += Math.log(S[a * V + a]) / V;
    for (let b = a + 1; b < V; b++) {
      lagSum[b - a] += S[a * V + b] / Math.sqrt(S[a * V + a] * S[b * V + b]);
      lagN[b - a] += 1;
    }
  }
  const clip = (r: number): number => Math.atanh(Math.max(-0.5, Math.min(0.9, r)));
  if (structure === COVARIANCE.toeplitz) {
    for (let a = 0; a < V; a++) theta[a] = 0.5 * Math.log(S[a * V + a]);
    for (let k = 1; k < V; k++) theta[V + k - 1] = clip(lagN[k] > 0 ? Math.max(0, lagSum[k] / lagN[k]) : 0);
  } else if (structure === COVARIANCE.ar1) {
    theta[0] = logVar;
    theta[1] = clip(lagN[1] > 0 ? Math.max(0, lagSum[1] / lagN[1]) : 0);
  } else {
    let s = 0;
    let c = 0;
    for (let k = 1; k < V; k++) {
      s += lagSum[k];
      c += lagN[k];
    }
    theta[0] = logVar;
    theta[1] = clip(c > 0 ? Math.max(0, s / c) : 0);
  }
  // shrink the correlation parameters until Σ is positive definite
  const m = parameterCount(structure, V);
  const first = structure === COVARIANCE.toeplitz ? V : 1;
  for (let tries = 0; tries < 30; tries++) {
    sigmaOf(structure, theta, V, ws.sigma, null);
    for (let k = 0; k < V * V; k++) ws.small[k] = ws.sigma[k];
    if (choleskyInPlace(ws.small, 0, V, 0)) return;
    for (let j = first; j < m; j++) theta[j] *= 0.5;
  }
}

/** to[0..length) = from[0..length) (a subarray view would allocate). */
function copy(from: Float64Array, to: Float64Array, length: number): void {
  for (let k = 0; k < length; k++) to[k] = from[k];
}

interface Fit {
  iterations: number;
  f: number;
}

/** Newton–Raphson on f for one structure; ws holds the fit at the returned θ, or the reason it failed. */
function fitStructure(ws: MmrmWorkspace, dims: Dims, structure: CovarianceStructure): Fit | NotEstimableReason {
  const { V } = dims;
  const m = parameterCount(structure, V);
  // REML has nObs − p residual degrees of freedom to estimate m covariance parameters
  if (dims.nObs - dims.p < m) return NOT_ESTIMABLE.tooFew;
  if (structure === COVARIANCE.unstructured) {
    // a covariance no patient informs is not identifiable
    for (let k = 0; k < V * V; k++) if (ws.pairCount[k] === 0) return NOT_ESTIMABLE.singular;
  }
  startingValues(ws, V, structure, ws.sigmaStart);
  sigmaOf(structure, ws.theta, V, ws.sigma, ws.D);
  let f = objective(ws, dims);
  if (!(f === f)) return NOT_ESTIMABLE.notConverged;
  // Hobs holds the exact Hessian once `exact`; before, the steps use it
  // without the m p³ term, which costs iterations only when p is large for n
  let exact = false;
  derivatives(ws, dims, structure, m, exact);
  let previous = Infinity;
  for (let iter = 1; iter <= MAX_ITERATIONS; iter++) {
    // Newton direction (the Hessian without its m p³ term, see
    // fixedEffectsCurvature); Fisher scoring where that is not positive definite
    let H = ws.Hobs;
    copy(H, ws.Hchol, m * m);
    if (!choleskyInPlace(ws.Hchol, 0, m, 1e-14)) {
      expectedHessian(ws, dims, m, exact);
      H = ws.Hexp;
      copy(H, ws.Hchol, m * m);
      if (!choleskyInPlace(ws.Hchol, 0, m, 1e-14)) {
        if (exact) return NOT_ESTIMABLE.notConverged;
        // the full expected information (and the exact observed one)
        derivatives(ws, dims, structure, m, true);
        expectedHessian(ws, dims, m, true);
        exact = true;
        copy(H, ws.Hchol, m * m);
        if (!choleskyInPlace(ws.Hchol, 0, m, 1e-14)) return NOT_ESTIMABLE.notConverged;
      }
    }
    let decrement = 0;
    for (let j = 0; j < m; j++) ws.delta[j] = -ws.grad[j];
    choleskySolveInPlace(ws.Hchol, 0, m, ws.delta, 0);
    for (let j = 0; j < m; j++) decrement -= ws.grad[j] * ws.delta[j];
    // converged at DECREMENT_TOL, or, near it, when the decrement no longer
    // falls (its floating-point floor, a few eps |f|: f cannot see the step)
    const floor = decrement < 1e-9 && (decrement < DECREMENT_RELATIVE_TOL * Math.abs(f) || decrement > 0.5 * previous);
    if ((decrement < DECREMENT_TOL || floor) && H === ws.Hobs) {
      if (!exact) {
        undoApproximateCurvature(ws, dims, m);
        fixedEffectsCurvature(ws, dims, m, structure === COVARIANCE.unstructured);
      }
      return { iterations: iter - 1, f };
    }
    previous = decrement;
    // step halving until f decreases (Armijo, c = 1e-4)
    let t = 1;
    let accepted = false;
    for (let h = 0; h < MAX_HALVINGS; h++) {
      for (let j = 0; j < m; j++) ws.thetaTry[j] = ws.theta[j] + t * ws.delta[j];
      sigmaOf(structure, ws.thetaTry, V, ws.sigma, null);
      const fTry = objective(ws, dims);
      if (fTry === fTry && fTry <= f - 1e-4 * t * decrement) {
        f = fTry;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // no decrease at machine precision: at the optimum if the decrement is small
      sigmaOf(structure, ws.theta, V, ws.sigma, ws.D);
      f = objective(ws, dims);
      derivatives(ws, dims, structure, m, true);
      if (decrement < 1e-6) return { iterations: iter, f };
      return NOT_ESTIMABLE.notConverged;
    }
    copy(ws.thetaTry, ws.theta, m);
    sigmaOf(structure, ws.theta, V, ws.sigma, ws.D);
    exact = iter >= EXACT_HESSIAN_AFTER;
    derivatives(ws, dims, structure, m, exact);
  }
  return NOT_ESTIMABLE.notConverged;
}

/** The reported fit: LS means and their difference at the primary visit with Satterthwaite df. */
function resultOf(
  ws: MmrmWorkspace,
  dims: Dims,
  structure: CovarianceStructure,
  fit: Fit,
  primary: number,
  level: number,
  quantiles: TQuantiles | undefined,
  n: number,
  failures: { structure: CovarianceStructure; reason: NotEstimableReason }[],
): MmrmResult {
  const { V, K, p, nObs, bMean } = dims;
  const m = parameterCount(structure, V);
  // the observed information must be positive definite for the df
  copy(ws.Hobs, ws.Hchol, m * m);
  if (!choleskyInPlace(ws.Hchol, 0, m, 1e-14)) {
    failures.push({ structure, reason: NOT_ESTIMABLE.notConverged });
    return failedResult(NOT_ESTIMABLE.notConverged, n, nObs, failures);
  }
  for (let a = 0; a < V; a++) ws.beta[a] += ws.yMean[a]; // undo the centring of y
  const l = ws.u; // the contrast (u is free after the fit)
  const contrast = (a0: number, a1: number): StatResult => {
    l.fill(0, 0, p);
    l[primary] = a0;
    l[V + primary] = a1;
    for (let k = 1; k < K; k++) l[3 * V + k - 1] = a0 / K;
    return satterthwaite(ws, dims, m, l, level, quantiles, n);
  };
  const ls0 = contrast(1, 0);
  const ls1 = contrast(1, 1);
  const difference = contrast(0, 1);
  if (!difference.estimable || !ls0.estimable || !ls1.estimable) {
    failures.push({ structure, reason: NOT_ESTIMABLE.notConverged });
    return failedResult(NOT_ESTIMABLE.notConverged, n, nObs, failures);
  }
  const coefficients = new Array<number>(p);
  for (let j = 0; j < p; j++) coefficients[j] = ws.beta[j];
  for (let a = 0; a < V; a++) coefficients[a] -= bMean * ws.beta[2 * V + a]; // intercepts at baseline 0
  return {
    estimable: true,
    reason: null,
    n,
    nObservations: nObs,
    difference,
    lsMeans: [ls0, ls1],
    covariance: structure,
    failures,
    iterations: fit.iterations,
    converged: true,
    logLik: -0.5 * (fit.f + (nObs - p) * Math.log(2 * Math.PI)),
    coefficients,
    sigma: Array.from({ length: V * V }, (_, k) => ws.sigma[k]),
  };
}

/**
 * l'β with SE sqrt(l'Φl) and Satterthwaite df 2 v² / (∇v' A ∇v): v = l'Φl,
 * ∇v_j = l'Φ M_j Φ l, A = 2 (∂²f)^-1 the inverse observed REML information
 * (ws.Hchol holds the factor of ∂²f).
 */
function satterthwaite(
  ws: MmrmWorkspace,
  dims: Dims,
  m: number,
  l: Float64Array,
  level: number,
  quantiles: TQuantiles | undefined,
  n: number,
): StatResult {
  const { p } = dims;
  const L = ws.Fscratch; // C^-1, F = C C'
  const u = ws.vec1; // C^-1 l: v = l'Φ l = u'u, ∇v_j = l'Φ M_j Φ l = u' Z_j u
  let est = 0;
  let v = 0;
  for (let r = 0; r < p; r++) {
    let s = 0;
    for (let t = 0; t <= r; t++) s += L[r * p + t] * l[t];
    u[r] = s;
    v += s * s;
    est += l[r] * ws.beta[r];
  }
  const packed = (p * (p + 1)) / 2;
  const grad = ws.delta;
  for (let j = 0; j < m; j++) {
    let s = 0;
    let z = j * packed;
    for (let r = 0; r < p; r++) {
      for (let c = 0; c < r; c++) s += Math.SQRT2 * ws.N[z++] * u[r] * u[c];
      s += ws.N[z++] * u[r] * u[r];
    }
    grad[j] = s;
  }
  const x = ws.thetaTry;
  for (let j = 0; j < m; j++) x[j] = grad[j];
  choleskySolveInPlace(ws.Hchol, 0, m, x, 0);
  let quad = 0;
  for (let j = 0; j < m; j++) quad += grad[j] * x[j];
  const df = (2 * v * v) / (2 * quad);
  const se = Math.sqrt(v);
  if (!(se > 0) || !(df > 0) || !Number.isFinite(df)) return notEstimable(NOT_ESTIMABLE.notConverged, n);
  const t = est / se;
  const q = quantiles !== undefined && quantiles.level === level ? quantiles.at(df) : qt(0.5 + level / 2, df);
  return estimable({ estimate: est, se, ci: [est - q * se, est + q * se], df, statistic: t, p: 2 * pt(-Math.abs(t), df), n });
}
