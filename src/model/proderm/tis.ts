// §2.2 The TIS at week 16: a mixture of non-improvers (uniform below
// tisNonImproverMax) and improvers (normal), per arm, as a quantile table of
// the patient's TIS response latent. The IVIg table at effect scale s
// interpolates, latent by latent, between the placebo table and the
// calibrated IVIg table shifted by the override's solved shift.
import { normalCdf } from '../normalCdf.js';
import type { EffectShifts } from '../prodermEffects.js';
import type { ProdermParams } from '../prodermParams.js';
import { zLookup, zTable, type ZTable } from '../zTable.js';

/** Quantile of the TIS mixture: uniform on [0, nonMax) with weight 1 - share, N(mean, sd) with weight share. */
export function tisMixtureQuantile(share: number, mean: number, sd: number, nonMax: number): (u: number) => number {
  const cdf = (t: number): number => (1 - share) * (nonMax > 0 ? Math.min(1, Math.max(0, t / nonMax)) : t >= 0 ? 1 : 0) + share * normalCdf((t - mean) / sd);
  const lo0 = Math.min(0, mean - 12 * sd);
  const hi0 = Math.max(nonMax, mean + 12 * sd);
  return (u: number): number => {
    let lo = lo0;
    let hi = hi0;
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (cdf(mid) < u) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
}

/** The placebo and the calibrated (effect scale 1, no override) IVIg TIS tables. */
export function tisTables(p: ProdermParams): { tisPlacebo: ZTable; tisIvigCalibrated: ZTable } {
  return {
    tisPlacebo: zTable(tisMixtureQuantile(p.tisPlaceboImproverShare, p.tisPlaceboImproverMean, p.tisPlaceboImproverSd, p.tisNonImproverMax)),
    tisIvigCalibrated: zTable(tisMixtureQuantile(p.tisIvigImproverShare, p.tisIvigImproverMean, p.tisIvigImproverSd, p.tisNonImproverMax)),
  };
}

/** The IVIg TIS table at effect scale s, on the placebo table's grid (kept non-decreasing). */
export function tisIvigAtScale(tisPlacebo: ZTable, tisIvigCalibrated: ZTable, s: number, shifts: EffectShifts): ZTable {
  const values = new Float64Array(tisPlacebo.values.length);
  for (let j = 0; j < values.length; j++) {
    const z = tisPlacebo.lo + j / tisPlacebo.invStep;
    const tp = tisPlacebo.values[j];
    values[j] = tp + s * (zLookup(tisIvigCalibrated, z + shifts.tis) - tp);
  }
  for (let j = 1; j < values.length; j++) if (values[j] < values[j - 1]) values[j] = values[j - 1];
  return { lo: tisPlacebo.lo, invStep: tisPlacebo.invStep, values };
}
