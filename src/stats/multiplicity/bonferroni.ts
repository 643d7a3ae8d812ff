// Bonferroni: R p.adjust(p, "bonferroni") = pmin(1, m·p).
import { pOrOne } from './result.js';
import type { MultiplicityResult } from './result.js';

/** Bonferroni-adjusted p-values, and rejections p <= alpha / m. */
export function bonferroni(p: Float64Array, alpha: number): MultiplicityResult {
  const m = p.length;
  const adjusted = new Float64Array(m);
  const rejected = new Uint8Array(m);
  const level = alpha / m;
  for (let i = 0; i < m; i++) {
    const pi = pOrOne(p[i]);
    adjusted[i] = Math.min(1, m * pi);
    rejected[i] = pi <= level ? 1 : 0;
  }
  return { adjusted, rejected };
}
