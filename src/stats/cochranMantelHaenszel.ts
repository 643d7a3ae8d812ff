// Cochran–Mantel–Haenszel test for K stratified 2×2 tables, as R's
// mantelhaen.test(x, correct =) on a 2×2×K array (exact = FALSE):
//   X²_MH = (|Σ (a − E[a])| − Y)² / Σ Var(a),  Var(a) = r1 r2 c1 c2 / (n²(n − 1)),
// with Y = 0.5 when correcting and |Σ (a − E[a])| ≥ 0.5; the Mantel–Haenszel
// common odds ratio Σ ad/n / Σ bc/n and its interval from the
// Robins–Breslow–Greenland (1986) variance of its logarithm, as R.
import { isCount } from './countTable.js';
import { pchisq } from './distributions/chiSquare.js';
import { qnorm } from './distributions/normal.js';
import { estimable, notEstimable, NOT_ESTIMABLE, type StatResult } from './result.js';

export interface CochranMantelHaenszelOptions {
  /** Continuity correction (default true, as R). */
  readonly correct?: boolean;
  /** Confidence level of the odds-ratio interval (default 0.95). */
  readonly level?: number;
}

/**
 * `tables` holds k 2×2 tables [a1, b1, c1, d1, a2, ...], each [[a, b], [c, d]]
 * with rows (treatment, control) and columns (responder, non-responder).
 *
 * statistic: MH chi-square (df 1), p: its upper tail; estimate: MH common odds
 * ratio; se: RBG standard error of its log; ci: estimate·exp(∓z·se).
 * Strata with fewer than 2 patients carry no information and are skipped
 * (R refuses them; they add nothing to any sum), and n counts the patients in
 * the strata used. If no stratum has all four margins positive the test is
 * not estimable. When every informative stratum has ad = 0 (or bc = 0) the
 * estimate is 0 (or Infinity) and se and ci are NaN, as in R.
 */
export function cochranMantelHaenszel(
  tables: ArrayLike<number>,
  k: number,
  options: CochranMantelHaenszelOptions = {},
): StatResult {
  const correct = options.correct ?? true;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(k) || k < 1 || tables.length !== 4 * k || !(level > 0 && level < 1)) {
    return notEstimable(NOT_ESTIMABLE.badInput, 0);
  }
  let n = 0;
  let delta = 0; // Σ (a − E[a])
  let variance = 0; // Σ Var(a)
  let sDiag = 0; // Σ ad/n
  let sOffd = 0; // Σ bc/n
  // RBG variance pieces, R's three sums
  let rbgDiag = 0; // Σ (a + d) a d / n²
  let rbgMixed = 0; // Σ ((a + d) b c + (b + c) a d) / n²
  let rbgOffd = 0; // Σ (b + c) b c / n²
  for (let s = 0; s < k; s++) {
    const a = tables[4 * s];
    const b = tables[4 * s + 1];
    const c = tables[4 * s + 2];
    const d = tables[4 * s + 3];
    if (!(isCount(a) && isCount(b) && isCount(c) && isCount(d))) {
      return notEstimable(NOT_ESTIMABLE.badInput, 0);
    }
    const t = a + b + c + d;
    if (t < 2) continue;
    n += t;
    const r1 = a + b;
    const r2 = c + d;
    const c1 = a + c;
    const c2 = b + d;
    delta += a - (r1 * c1) / t;
    variance += (r1 * r2 * c1 * c2) / (t * t * (t - 1));
    const t2 = t * t;
    sDiag += (a * d) / t;
    sOffd += (b * c) / t;
    rbgDiag += ((a + d) * a * d) / t2;
    rbgMixed += ((a + d) * b * c + (b + c) * a * d) / t2;
    rbgOffd += ((b + c) * b * c) / t2;
  }
  if (!(variance > 0)) return notEstimable(NOT_ESTIMABLE.noInformation, n);

  const absDelta = Math.abs(delta);
  const yates = correct && absDelta >= 0.5 ? 0.5 : 0;
  const statistic = (absDelta - yates) ** 2 / variance;
  const estimate = sDiag / sOffd;
  let se = NaN;
  let ci: [number, number] = [NaN, NaN];
  if (sDiag > 0 && sOffd > 0) {
    se = Math.sqrt(
      rbgDiag / (2 * sDiag * sDiag) + rbgMixed / (2 * sDiag * sOffd) + rbgOffd / (2 * sOffd * sOffd),
    );
    const z = qnorm((1 + level) / 2);
    ci = [estimate * Math.exp(-z * se), estimate * Math.exp(z * se)];
  }
  return estimable({ estimate, se, ci, df: 1, statistic, p: pchisq(statistic, 1, false), n });
}
