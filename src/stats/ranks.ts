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
  sortIndexByValue(order, x, 0, n - 1);
  let ties = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = x[order[i]];
    while (j < n && x[order[j]] === v) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) out[order[k]] = rank;
    const t = j - i;
    if (t > 1) ties += t * t * t - t;
    i = j;
  }
  return ties;
}

// Index quicksort keyed by x (median of three, insertion sort below 16):
// a comparator callback through Array.prototype.sort costs ~4x as much at n = 95.
function sortIndexByValue(idx: Uint32Array, x: ArrayLike<number>, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    if (x[idx[mid]] < x[idx[lo]]) swap(idx, mid, lo);
    if (x[idx[hi]] < x[idx[lo]]) swap(idx, hi, lo);
    if (x[idx[hi]] < x[idx[mid]]) swap(idx, hi, mid);
    const pivot = x[idx[mid]];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (x[idx[i]] < pivot) i++;
      while (x[idx[j]] > pivot) j--;
      if (i <= j) {
        swap(idx, i, j);
        i++;
        j--;
      }
    }
    // Recurse into the smaller side, loop on the larger: O(log n) stack.
    if (j - lo < hi - i) {
      sortIndexByValue(idx, x, lo, j);
      lo = i;
    } else {
      sortIndexByValue(idx, x, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const t = idx[i];
    const v = x[t];
    let j = i - 1;
    while (j >= lo && x[idx[j]] > v) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = t;
  }
}

function swap(a: Uint32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
