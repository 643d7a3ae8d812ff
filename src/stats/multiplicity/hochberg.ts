// Hochberg (1988) step-up: R p.adjust(p, "hochberg"), i.e. with p sorted
// ascending, adjusted p_(i) = min(1, min_{l >= i} (m - l + 1) p_(l)).
import { ascendingOrder } from './order.js';
import { pOrOne } from './result.js';
import type { MultiplicityResult } from './result.js';

/**
 * Hochberg-adjusted p-values, and rejections by the step-up at alpha: find the
 * largest l with p_(l) <= alpha / (m - l + 1) and reject p_(1) .. p_(l).
 * (Equivalent to adjusted <= alpha; the rule is applied directly so the
 * boundary case is decided without the rounding of m·p.)
 */
export function hochberg(p: Float64Array, alpha: number): MultiplicityResult {
  const m = p.length;
  const adjusted = new Float64Array(m);
  const rejected = new Uint8Array(m);
  const o = ascendingOrder(p, new Uint32Array(m));
  let running = 1;
  let passed = false;
  for (let l = m - 1; l >= 0; l--) {
    const i = o[l];
    const pi = pOrOne(p[i]);
    running = Math.min(running, (m - l) * pi);
    adjusted[i] = running;
    passed = passed || pi <= alpha / (m - l);
    rejected[i] = passed ? 1 : 0;
  }
  return { adjusted, rejected };
}
