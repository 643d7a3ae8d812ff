// Holm (1979) step-down: R p.adjust(p, "holm"), i.e. with p sorted ascending,
// adjusted p_(i) = min(1, max_{l <= i} (m - l + 1) p_(l)).
import { ascendingOrder } from './order.js';
import { pOrOne } from './result.js';
import type { MultiplicityResult } from './result.js';

/**
 * Holm-adjusted p-values, and rejections by the step-down at alpha: reject
 * p_(1), p_(2), ... while p_(l) <= alpha / (m - l + 1). (Equivalent to
 * adjusted <= alpha; the rule is applied directly so the boundary case
 * p = alpha / (m - l + 1) is decided without the rounding of m·p.)
 */
export function holm(p: Float64Array, alpha: number): MultiplicityResult {
  const m = p.length;
  const adjusted = new Float64Array(m);
  const rejected = new Uint8Array(m);
  const o = ascendingOrder(p, new Uint32Array(m));
  let running = 0;
  let stepping = true;
  for (let l = 0; l < m; l++) {
    const i = o[l];
    const pi = pOrOne(p[i]);
    running = Math.max(running, Math.min(1, (m - l) * pi));
    adjusted[i] = running;
    stepping = stepping && pi <= alpha / (m - l);
    rejected[i] = stepping ? 1 : 0;
  }
  return { adjusted, rejected };
}
