// Ascending order of p-values (NaN read as 1), ties kept in input order as R's
// order() does; insertion sort, since the number of hypotheses is small.
import { pOrOne } from './result.js';

export function ascendingOrder(p: Float64Array, out: Uint32Array): Uint32Array {
  const m = p.length;
  for (let i = 0; i < m; i++) {
    const v = pOrOne(p[i]);
    let j = i;
    while (j > 0 && pOrOne(p[out[j - 1]]) > v) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = i;
  }
  return out;
}
