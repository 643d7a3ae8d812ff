// Average ranks with ties (R's rank(ties.method = "average")), shared by the
// Wilcoxon rank-sum test and Spearman's correlation.

/**
 * Writes into `out` the 1-based average rank of each x[i] (NaN must not occur:
 * callers drop missing values first) and returns the tie term sum(t^3 - t)
 * over tie groups, which the rank tests' variance corrections need.
 * `order` is scratch space of length >= x.length (pass one to avoid allocation).
 */
export function averageRanks(
  x: ArrayLike<number>,
  out: Float64Array,
  order: Uint32Array = new Uint32Array(x.length),
): number {
  const n = x.length;
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = order.subarray(0, n);
  idx.sort((a, b) => x[a] - x[b]);
  let ties = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = x[idx[i]];
    while (j < n && x[idx[j]] === v) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) out[idx[k]] = rank;
    const t = j - i;
    if (t > 1) ties += t * t * t - t;
    i = j;
  }
  return ties;
}
