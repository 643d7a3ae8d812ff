// Cohen's kappa and weighted kappa for a k×k agreement table, as SAS PROC FREQ
// (AGREE) prints them: the asymptotic SE under the alternative of Fleiss,
// Cohen & Everitt (1969), the Wald CI estimate ± z·ASE (not clamped to
// [-1, 1]), and the test of kappa = 0 with the ASE under the null.
// vcd::Kappa computes the same estimate and the same ASE (under the
// alternative); its print method's z, however, divides by that ASE, and its
// confint clamps to [-1, 1], so only estimate, ASE and the unclamped CI are
// comparable with vcd.
import { squareTableTotal } from './countTable.js';
import { estimable, notEstimable, NOT_ESTIMABLE } from './result.js';
import type { StatResult } from './result.js';
import { pnorm, qnorm } from './distributions/normal.js';

/** Agreement weights on the k ordered categories with scores 1..k. */
export const KAPPA_WEIGHTS = {
  /** 1 - |i - j| / (k - 1): SAS's default, vcd's "Equal-Spacing". */
  cicchettiAllison: 'cicchetti-allison',
  /** 1 - (i - j)² / (k - 1)²: quadratic, vcd's "Fleiss-Cohen". */
  fleissCohen: 'fleiss-cohen',
} as const;
export type KappaWeights = (typeof KAPPA_WEIGHTS)[keyof typeof KAPPA_WEIGHTS];

export interface KappaOptions {
  /** Confidence level of the Wald interval (default 0.95). */
  readonly level?: number;
}

export interface WeightedKappaOptions extends KappaOptions {
  /** Default 'cicchetti-allison' (SAS's default). */
  readonly weights?: KappaWeights;
}

const IDENTITY = 0;
const LINEAR = 1;
const QUADRATIC = 2;
type WeightKind = typeof IDENTITY | typeof LINEAR | typeof QUADRATIC;

function weight(kind: WeightKind, i: number, j: number, k: number): number {
  if (kind === IDENTITY) return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return kind === LINEAR ? 1 - d : 1 - d * d;
}

/**
 * Cohen's (simple) kappa of a k×k table of counts (row-major: rater 1 in rows).
 * estimate = kappa; se = ASE under the alternative; ci = kappa ± z·ASE;
 * statistic = kappa / ASE0 (ASE under the null hypothesis kappa = 0), p its
 * two-sided normal p-value, df = Infinity (SAS's TEST KAPPA).
 * Not estimable: invalid table (badInput), no observations (tooFew), or a
 * table whose chance-corrected agreement is undefined or untestable, e.g. one
 * rater using a single category (zeroVariance: the null variance is zero).
 */
export function cohensKappa(table: ArrayLike<number>, k: number, options?: KappaOptions): StatResult {
  return agreement(table, k, IDENTITY, options?.level ?? 0.95);
}

/**
 * Weighted kappa with Cicchetti-Allison (linear, default) or Fleiss-Cohen
 * (quadratic) weights on scores 1..k; fields as for cohensKappa (statistic =
 * kappa_w / ASE0, SAS's TEST WTKAP). For k = 2 both weightings equal Cohen's kappa.
 */
export function weightedKappa(table: ArrayLike<number>, k: number, options?: WeightedKappaOptions): StatResult {
  const w = options?.weights ?? KAPPA_WEIGHTS.cicchettiAllison;
  if (w !== KAPPA_WEIGHTS.cicchettiAllison && w !== KAPPA_WEIGHTS.fleissCohen) {
    return notEstimable(NOT_ESTIMABLE.badInput, 0);
  }
  return agreement(table, k, w === KAPPA_WEIGHTS.fleissCohen ? QUADRATIC : LINEAR, options?.level ?? 0.95);
}

function agreement(table: ArrayLike<number>, k: number, kind: WeightKind, level: number): StatResult {
  if (!Number.isInteger(k) || k < 1 || table.length !== k * k || !(level > 0 && level < 1)) {
    return notEstimable(NOT_ESTIMABLE.badInput, 0);
  }
  const n = squareTableTotal(table, k);
  if (n < 0) return notEstimable(NOT_ESTIMABLE.badInput, 0);
  if (n === 0) return notEstimable(NOT_ESTIMABLE.tooFew, 0);
  if (k === 1) return notEstimable(NOT_ESTIMABLE.zeroVariance, n);

  // row[i] = p_i., col[j] = p_.j; wRow[i] = sum_j w_ij p_.j, wCol[j] = sum_i w_ij p_i.
  const scratch = new Float64Array(4 * k);
  const row = scratch.subarray(0, k);
  const col = scratch.subarray(k, 2 * k);
  const wRow = scratch.subarray(2 * k, 3 * k);
  const wCol = scratch.subarray(3 * k, 4 * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const pij = table[i * k + j] / n;
      row[i] += pij;
      col[j] += pij;
    }
  }
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weight(kind, i, j, k);
      po += w * (table[i * k + j] / n);
      pe += w * row[i] * col[j];
      wRow[i] += w * col[j];
      wCol[j] += w * row[i];
    }
  }
  if (!(pe < 1)) return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  const kappa = (po - pe) / (1 - pe);

  // Fleiss, Cohen & Everitt (1969), written as variances about their means so
  // nothing cancels: under the alternative, X_ij = w_ij - (wRow_i + wCol_j)(1 - kappa)
  // has mean kappa - pe(1 - kappa) under p_ij; under the null,
  // Y_ij = w_ij - (wRow_i + wCol_j) has mean -pe under p_i. p_.j.
  const mAlt = kappa - pe * (1 - kappa);
  let varAlt = 0;
  let varNull = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weight(kind, i, j, k);
      const s = wRow[i] + wCol[j];
      const x = w - s * (1 - kappa) - mAlt;
      const y = w - s + pe;
      varAlt += (table[i * k + j] / n) * x * x;
      varNull += row[i] * col[j] * y * y;
    }
  }
  // The null variance is an exact zero (up to rounding of O(1e-32)) when the
  // agreement score is additive in the raters, e.g. one rater uses one category.
  if (!(varNull > 1e-24)) return notEstimable(NOT_ESTIMABLE.zeroVariance, n);
  const denom = (1 - pe) * (1 - pe) * n;
  const ase = Math.sqrt(varAlt / denom);
  const ase0 = Math.sqrt(varNull / denom);
  const z = qnorm((1 + level) / 2);
  const statistic = kappa / ase0;
  return estimable({
    estimate: kappa,
    se: ase,
    ci: [kappa - z * ase, kappa + z * ase],
    df: Infinity,
    statistic,
    p: 2 * pnorm(-Math.abs(statistic)),
    n,
  });
}
