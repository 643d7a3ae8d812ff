// §2.4 Confirmed deterioration (IMACS, extramuscular or muscle part): a visit
// is worse than baseline when MMT-8 has dropped by deteriorationMmt8Drop of
// its baseline, or the extramuscular VAS has risen by deteriorationExtVasRise
// cm. The search for two consecutive worse visits, the second in weeks 8-16,
// and the switch it triggers are the design's mechanisms (design/switchRule.ts);
// this is the model's definition of worse, on the patient's potential outcome.
import { PRODERM_PRIMARY_WEEK, PRODERM_VISITS } from '../cohort.js';
import type { ProdermParams } from '../prodermParams.js';
import { rememberByTenths } from '../rememberByTenths.js';
import type { Patient } from './response.js';
import { extVasExponent, extVasOf, ivigFraction, mmt8At, noiseIndex, type TimeCourse } from './timeCourse.js';

export interface DeteriorationRule {
  /** The first visit (index into the schedule) that can confirm: in weeks 8-16, after a post-baseline visit. */
  readonly firstConfirming: number;
  /** One past the last visit that can confirm (the primary week). */
  readonly end: number;
  /** Whether the patient, observed at visit k (week t) under the regime starting IVIg at `start`, is worse than baseline. */
  worseAt(pt: Patient, k: number, t: number, start: number): boolean;
}

export function deteriorationRule(p: ProdermParams, tc: TimeCourse): DeteriorationRule {
  let firstConfirming = 2;
  while (PRODERM_VISITS[firstConfirming] < 8) firstConfirming++;
  const end = PRODERM_VISITS.indexOf(PRODERM_PRIMARY_WEEK) + 1;
  const rise = p.deteriorationExtVasRise - 1e-9;
  const keep = 1 - p.deteriorationMmt8Drop;
  const extLimit = extVasRiseLimit(rise);
  return {
    firstConfirming,
    end,
    worseAt(pt: Patient, k: number, t: number, start: number): boolean {
      const fP = tc.g[t];
      const fD = ivigFraction(tc, t, start);
      const q = noiseIndex(tc, pt, k);
      if (mmt8At(tc, pt, fP, fD, q) <= keep * pt.m0 + 1e-9) return true;
      const x = extVasExponent(tc, pt, fP, fD, q);
      // Below the limit it cannot be worse, and its exp is spared.
      return !(x < extLimit(pt.e0)) && extVasOf(tc, pt, x) - pt.e0 >= rise;
    },
  };
}

/**
 * The log change below which the extramuscular VAS cannot have risen by
 * `rise` from baseline e0v: ev − e0v ≥ rise with ev = min(10, round(10 e0v exp(x)) / 10)
 * cannot hold while 10 e0v exp(x) < 10 (e0v + rise) − 0.5 (rounding), i.e. x
 * below this limit (with a margin far above rounding error); never when
 * e0v + rise > 10 (+Infinity). Remembered per baseline (rememberByTenths: the
 * VAS is read to 0.1 cm, so a few dozen values occur).
 */
export function extVasRiseLimit(rise: number): (e0v: number) => number {
  return rememberByTenths(
    (e0v) => (e0v + rise > 10 + 1e-6 ? Infinity : e0v > 0 ? Math.log((10 * (e0v + rise) - 0.5 - 1e-6) / (10 * e0v)) - 1e-9 : -Infinity),
    10,
  );
}
