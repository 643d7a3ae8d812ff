// Error-spending functions of group-sequential designs: the cumulative share
// of alpha (or beta) spent by information fraction t in [0, 1]. Lan & DeMets
// (1983); Hwang, Shih & DeCani (1990); Kim & DeMets (1987). Jennison &
// Turnbull (2000), section 7.2. Written as rpact's getDesignGroupSequential
// defines them, so that boundaries can be checked against it:
//   obf     O'Brien–Fleming-like  2·sided·(1 − Φ(z_{1−α/(2·sided)} / √t))
//   pocock  Pocock-like           α · log(1 + (e − 1) t)
//   kd      Kim–DeMets power      α · t^γ                        (γ > 0)
//   hsd     Hwang–Shih–DeCani     α · (1 − e^{−γt}) / (1 − e^{−γ}), α·t at γ = 0
// For a two-sided design, α is the total over both sides; the O'Brien–Fleming
// form spends α/2 on each side as the one-sided function at α/2 would. For
// beta spending, `sided` is 1 (rpact's bsOF: 2(1 − Φ(z_{1−β/2} / √t))).
import { pnorm, qnorm } from '../distributions/normal.js';

export const SPENDING_FAMILIES = ['obf', 'pocock', 'kd', 'hsd'] as const;
export type SpendingFamily = (typeof SPENDING_FAMILIES)[number];

export interface Spending {
  readonly family: SpendingFamily;
  /** γ of the Kim–DeMets and Hwang–Shih–DeCani families (unused otherwise). */
  readonly gamma?: number;
}

/** The families that need γ. */
export function spendingNeedsGamma(family: SpendingFamily): boolean {
  return family === 'kd' || family === 'hsd';
}

/** Cumulative error spent by information fraction t (0 at t = 0, `total` at t = 1). */
export function spent(spending: Spending, total: number, t: number, sided: 1 | 2 = 1): number {
  if (t <= 0) return 0;
  if (t >= 1) return total;
  switch (spending.family) {
    case 'obf': {
      const side = total / (2 * sided);
      return 2 * sided * pnorm(qnorm(side, false) / Math.sqrt(t), false);
    }
    case 'pocock':
      return total * Math.log(1 + (Math.E - 1) * t);
    case 'kd':
      return total * Math.pow(t, gammaOf(spending));
    case 'hsd': {
      const g = gammaOf(spending);
      if (g === 0) return total * t;
      return (total * -Math.expm1(-g * t)) / -Math.expm1(-g);
    }
  }
}

function gammaOf(s: Spending): number {
  if (s.gamma === undefined || !Number.isFinite(s.gamma)) throw new Error(`the ${s.family} spending function needs gamma`);
  return s.gamma;
}
