// Fixed-sequence (hierarchical) testing: hypotheses are tested in the given
// order, each at the full alpha, stopping at the first that is not rejected
// (Maurer, Hothorn & Lehmacher 1995). Adjusted p-value = running maximum of
// the p-values up to that position, so adjusted <= alpha is exactly
// "this and every earlier hypothesis rejected".
import { pOrOne } from './result.js';
import type { MultiplicityResult } from './result.js';

/** Fixed-sequence adjusted p-values and rejections; p is in testing order. */
export function fixedSequence(p: Float64Array, alpha: number): MultiplicityResult {
  const m = p.length;
  const adjusted = new Float64Array(m);
  const rejected = new Uint8Array(m);
  let running = 0;
  for (let i = 0; i < m; i++) {
    running = Math.max(running, Math.min(1, pOrOne(p[i])));
    adjusted[i] = running;
    rejected[i] = running <= alpha ? 1 : 0; // exact: a max is <= alpha iff every term is
  }
  return { adjusted, rejected };
}
