// Futility by a conditional-power threshold: stop at an interim look when the
// probability of rejecting at the final look, given Z_k, falls below γ.
// With the score B = Z √t (Brownian motion with drift θ, crossing.ts), the
// final test rejects when B_1 ≥ c_K, and B_1 − B_k ~ N(θ (1 − t_k), 1 − t_k):
//   CP(z_k) = Φ̄((c_K − z_k √t_k − θ (1 − t_k)) / √(1 − t_k))
// (interim efficacy bounds ignored, the usual convention: Jennison & Turnbull
// 2000, section 10.2). θ is either a fixed drift (the design's assumed effect:
// the expected z at full information) or the current trend θ̂ = z_k / √t_k.
// Solving CP(z_k) = γ for z_k gives the futility bound on the z scale:
//   fixed θ:  f_k = (c_K − θ (1 − t_k) − √(1 − t_k) z_{1−γ}) / √t_k
//   trend:    f_k = √t_k (c_K − √(1 − t_k) z_{1−γ})
import { pnorm, qnorm } from '../distributions/normal.js';

export interface ConditionalPowerRule {
  /** Stop for futility when the conditional power is below this (0 < γ < 1). */
  readonly threshold: number;
  /** The drift the conditional power assumes: a number (expected z at full information), or 'trend'. */
  readonly drift: number | 'trend';
}

/** Futility bounds f_k at the interim looks (all but the last) from the final efficacy bound cK. */
export function conditionalPowerFutility(information: readonly number[], cK: number, rule: ConditionalPowerRule): number[] {
  const zg = qnorm(rule.threshold, false);
  const out: number[] = [];
  for (let k = 0; k < information.length - 1; k++) {
    const t = information[k];
    const rest = Math.sqrt(1 - t);
    out.push(rule.drift === 'trend' ? Math.sqrt(t) * (cK - rest * zg) : (cK - rule.drift * (1 - t) - rest * zg) / Math.sqrt(t));
  }
  return out;
}

/** The conditional power at look fraction t with interim z, final bound cK (the formula above). */
export function conditionalPower(t: number, z: number, cK: number, drift: number | 'trend'): number {
  const theta = drift === 'trend' ? z / Math.sqrt(t) : drift;
  return pnorm((cK - z * Math.sqrt(t) - theta * (1 - t)) / Math.sqrt(1 - t), false);
}
