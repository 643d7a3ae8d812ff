// Wilcoxon rank-sum (Mann–Whitney) test, normal approximation, as R's
// wilcox.test(x, y, exact = FALSE, correct = correct): W = sum of the ranks of
// x − nx (nx + 1) / 2, variance with the tie correction, continuity
// correction 0.5 towards the mean when `correct` (R's default), two-sided p.
//
// Missing values: NaN is dropped from each sample (R drops NA); `n` counts the
// values used in both samples. ±Infinity is ranked, as in R.
import { pnorm } from './distributions/normal.js';
import { averageRanks } from './ranks.js';
import { NOT_ESTIMABLE, estimable, notEstimable } from './result.js';
import type { StatResult } from './result.js';

export interface WilcoxonRankSumOptions {
  /** Continuity correction (default true, as R). */
  correct?: boolean;
}

/**
 * estimate = statistic = W (R's statistic; not the Hodges–Lehmann shift),
 * se = the SD of W under H0 with the tie correction, so that
 * z = (W − nx ny / 2 − correction) / se; df = Infinity (normal reference);
 * no CI. Not estimable when a sample is empty or all values are tied.
 */
export function wilcoxonRankSum(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: WilcoxonRankSumOptions = {},
): StatResult {
  const correct = options.correct ?? true;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) nx++;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) ny++;
  const n = nx + ny;
  if (nx === 0 || ny === 0) return notEstimable(NOT_ESTIMABLE.emptyGroup, n);
  // x's values first. A number[]: V8 allocates a typed array over 64 bytes
  // outside its heap (~300 ns); averageRanks needs typed arrays only for its output.
  const values: number[] = new Array<number>(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) values[k++] = x[i];
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) values[k++] = y[i];
  const ranks = new Float64Array(n);
  const ties = averageRanks(values, ranks, new Uint32Array(n));
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i];
  const W = rankSum - (nx * (nx + 1)) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (!(sigma > 0)) return notEstimable(NOT_ESTIMABLE.allSame, n);
  const centred = W - (nx * ny) / 2;
  const z = (centred - (correct ? Math.sign(centred) * 0.5 : 0)) / sigma;
  const p = 2 * Math.min(pnorm(z), pnorm(z, false));
  return estimable({ estimate: W, se: sigma, df: Infinity, statistic: W, p, n });
}
