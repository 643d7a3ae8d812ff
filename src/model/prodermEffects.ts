// Population-level treatment effects of the ProDERM model and the shifts
// that make them equal a user's override. "Effect" here is the mean
// difference, IVIg minus placebo, of the week-16 change in the whole
// calibrated (unrestricted) population, before dropout and crossover: the
// quantity a user means by "CDASI-A difference -5". Overrides move the IVIg
// response by a constant on the model's response scale (log ratio for the
// skin scores and VASs, points for MMT-8, the latent normal for TIS), so the
// shape of the response distribution is kept.
import { inverseNormal } from '../random/inverseNormal.js';
import { normalCdf } from './normalCdf.js';
import type { ProdermParams } from './prodermParams.js';
import {
  betaCells,
  betaShapes,
  cdasiABaselinePmf,
  cdasiDBaselinePmf,
  mmt8BaselinePmf,
} from './prodermMarginals.js';
import type { ZTable } from './zTable.js';

/** CDASI-A response stratum of the model (Fig. 3a): (0, 6], (6, 14], > 14. */
export function cdasiAStratum(b: number): number {
  return b <= 6 ? 0 : b <= 14 ? 1 : 2;
}

export interface LogRatioArm {
  readonly mean: readonly number[];
  readonly sd: readonly number[];
}

/** E[b exp(eta)] summed over a baseline pmf, eta ~ N(mean[s(b)], sd[s(b)]^2): the mean week-16 score (rounding ignored). */
function meanFollowUp(pmf: Float64Array, arm: LogRatioArm, stratumOf: (b: number) => number): number {
  let s = 0;
  for (let b = 1; b < pmf.length; b++) {
    const k = stratumOf(b);
    s += pmf[b] * b * Math.exp(arm.mean[k] + 0.5 * arm.sd[k] * arm.sd[k]);
  }
  return s;
}

/** E[min(round(b R), max)] for R lognormal(m, s): the rounding matters for small integer scores (CDASI-D). */
function meanRoundedFollowUp(pmf: Float64Array, m: number, s: number, max: number): number {
  let total = 0;
  for (let b = 1; b < pmf.length; b++) {
    if (pmf[b] < 1e-12) continue;
    // E[round(X)] capped = sum over k = 1..max of P[X >= k - 0.5]
    let e = 0;
    for (let k = 1; k <= max; k++) {
      const p = 1 - normalCdf((Math.log((k - 0.5) / b) - m) / s);
      if (p < 1e-13) break;
      e += p;
    }
    total += pmf[b] * e;
  }
  return total;
}

/** E[min(b R, cap)] over baseline cells, log R ~ N(m, s^2) (the VAS ceiling of 10 cm matters for wide responses). */
function meanCappedLogRatio(cells: { x: Float64Array; w: Float64Array }, m: number, s: number, cap: number): number {
  let total = 0;
  for (let j = 0; j < cells.x.length; j++) {
    const b = cells.x[j];
    const lc = Math.log(cap / b);
    // E[b R; R < cap/b] + cap P[R >= cap/b]
    const below = b * Math.exp(m + 0.5 * s * s) * normalCdf((lc - m - s * s) / s);
    total += cells.w[j] * (below + cap * (1 - normalCdf((lc - m) / s)));
  }
  return total;
}

/** E[min(b + D, cap)] for D ~ N(mu, sigma^2), summed over the MMT-8 baseline pmf. */
function meanCappedFollowUp(pmf: Float64Array, max: number, mu: number, sigma: number, cap: number): number {
  let total = 0;
  for (let j = 0; j < pmf.length; j++) {
    const b = max - j;
    const m = b + mu;
    const d = (m - cap) / sigma;
    const excess = (m - cap) * normalCdf(d) + (sigma * Math.exp(-0.5 * d * d)) / Math.sqrt(2 * Math.PI);
    total += pmf[j] * (m - excess);
  }
  return total;
}

/** The three CDASI-A strata's log-ratio parameters of one arm. */
export function cdasiAArm(p: ProdermParams, arm: 'Placebo' | 'Ivig'): LogRatioArm {
  return arm === 'Placebo'
    ? { mean: [p.cdasiAPlaceboLogMeanLow, p.cdasiAPlaceboLogMeanMid, p.cdasiAPlaceboLogMeanHigh], sd: [p.cdasiAPlaceboLogSdLow, p.cdasiAPlaceboLogSdMid, p.cdasiAPlaceboLogSdHigh] }
    : { mean: [p.cdasiAIvigLogMeanLow, p.cdasiAIvigLogMeanMid, p.cdasiAIvigLogMeanHigh], sd: [p.cdasiAIvigLogSdLow, p.cdasiAIvigLogSdMid, p.cdasiAIvigLogSdHigh] };
}

const shifted = (arm: LogRatioArm, c: number): LogRatioArm => ({ mean: arm.mean.map((m) => m + c), sd: arm.sd });

/** Population mean differences (IVIg - placebo) of week-16 change at the calibrated IVIg response shifted by `shift`. */
export interface EffectShifts {
  cdasiA: number;
  cdasiD: number;
  cutaneousVas: number;
  extramuscularVas: number;
  mmt8: number;
  /** Shift of the IVIg TIS latent normal. */
  tis: number;
}

export const NO_SHIFTS: EffectShifts = { cdasiA: 0, cdasiD: 0, cutaneousVas: 0, extramuscularVas: 0, mmt8: 0, tis: 0 };

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (fm === 0) return mid;
    if (fm < 0 === flo < 0) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Baseline VAS distributions as the VAS analyses see them: cutaneous above 0.2 cm, extramuscular all. */
function vasCells(p: ProdermParams): { cut: { x: Float64Array; w: Float64Array }; ext: { x: Float64Array; w: Float64Array } } {
  const [ca, cb] = betaShapes(p.cutVasBaselineMean, p.cutVasBaselineSd, 0, 10);
  const [ea, eb] = betaShapes(p.extVasBaselineMean, p.extVasBaselineSd, p.extVasBaselineMin, 10);
  return { cut: betaCells(ca, cb, 0, 10, 0.2), ext: betaCells(ea, eb, p.extVasBaselineMin, 10, p.extVasBaselineMin) };
}

/** The mean differences of the model at given shifts (rounding ignored except for CDASI-D). */
export function populationEffects(p: ProdermParams, shifts: EffectShifts = NO_SHIFTS): Omit<EffectShifts, 'tis'> {
  const a = cdasiABaselinePmf(p);
  const d = cdasiDBaselinePmf(p);
  const mmt = mmt8BaselinePmf(p);
  const { cut, ext } = vasCells(p);
  return {
    cdasiA: meanFollowUp(a, shifted(cdasiAArm(p, 'Ivig'), shifts.cdasiA), cdasiAStratum) - meanFollowUp(a, cdasiAArm(p, 'Placebo'), cdasiAStratum),
    cdasiD:
      meanRoundedFollowUp(d, p.cdasiDIvigLogMean + shifts.cdasiD, p.cdasiDIvigLogSd, 32) -
      meanRoundedFollowUp(d, p.cdasiDPlaceboLogMean, p.cdasiDPlaceboLogSd, 32),
    cutaneousVas:
      meanCappedLogRatio(cut, p.cutVasIvigLogMean + shifts.cutaneousVas, p.cutVasIvigLogSd, 10) -
      meanCappedLogRatio(cut, p.cutVasPlaceboLogMean, p.cutVasPlaceboLogSd, 10),
    extramuscularVas:
      meanCappedLogRatio(ext, p.extVasIvigLogMean + shifts.extramuscularVas, p.extVasIvigLogSd, 10) -
      meanCappedLogRatio(ext, p.extVasPlaceboLogMean, p.extVasPlaceboLogSd, 10),
    mmt8:
      meanCappedFollowUp(mmt, p.mmt8BaselineMax, p.mmt8IvigMean + shifts.mmt8, p.mmt8IvigSd, 150) -
      meanCappedFollowUp(mmt, p.mmt8BaselineMax, p.mmt8PlaceboMean, p.mmt8PlaceboSd, 150),
  };
}

/** The z at which a non-decreasing table first reaches `level` (Infinity if never, -Infinity if always). */
export function zWhereReaches(t: ZTable, level: number): number {
  const v = t.values;
  if (v[0] >= level) return -Infinity;
  for (let j = 1; j < v.length; j++) {
    if (v[j] >= level) {
      const f = (level - v[j - 1]) / (v[j] - v[j - 1]);
      return t.lo + (j - 1 + f) / t.invStep;
    }
  }
  return Infinity;
}

/** P[TIS >= 20 at week 16] of a TIS table (TIS is recorded in steps of 2.5, so the latent must reach 18.75). */
export function tisResponderRate(t: ZTable, shift = 0): number {
  const z = zWhereReaches(t, 18.75);
  return 1 - normalCdf(z - shift);
}

/**
 * The shifts that give each overridden effect, or the reasons it cannot be
 * reached. `tisIvig` is the IVIg TIS table before shifting.
 */
export function solveEffectShifts(p: ProdermParams, tisIvig: ZTable): { ok: true; shifts: EffectShifts } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const shifts: EffectShifts = { ...NO_SHIFTS };
  const base = populationEffects(p);
  // Log-ratio scores: E[IVIg follow-up] is proportional to exp(shift), so the shift is closed form.
  const logShift = (name: string, target: number | null, calibrated: number, placeboFollowUp: number): number => {
    if (target === null) return 0;
    const ivigFollowUp = placeboFollowUp + calibrated;
    const wanted = placeboFollowUp + target;
    if (!(wanted > 0)) {
      errors.push(`model.params.${name}: ${target} would need a negative mean IVIg score at week 16 (placebo mean is ${placeboFollowUp.toFixed(3)})`);
      return 0;
    }
    return Math.log(wanted / ivigFollowUp);
  };
  const a = cdasiABaselinePmf(p);
  shifts.cdasiA = logShift('effectCdasiA', p.effectCdasiA, base.cdasiA, meanFollowUp(a, cdasiAArm(p, 'Placebo'), cdasiAStratum));
  const numeric = (name: string, target: number | null, key: 'cutaneousVas' | 'extramuscularVas' | 'cdasiD' | 'mmt8', lo: number, hi: number): void => {
    if (target === null) return;
    const f = (c: number): number => populationEffects(p, { ...NO_SHIFTS, [key]: c })[key] - target;
    if (f(lo) > 0 || f(hi) < 0) errors.push(`model.params.${name}: ${target} cannot be reached within the score's range`);
    else shifts[key] = bisect(f, lo, hi);
  };
  numeric('effectCutaneousVas', p.effectCutaneousVas, 'cutaneousVas', -12, 12);
  numeric('effectExtramuscularVas', p.effectExtramuscularVas, 'extramuscularVas', -12, 12);
  numeric('effectCdasiD', p.effectCdasiD, 'cdasiD', -12, 6);
  numeric('effectMmt8', p.effectMmt8, 'mmt8', -300, 300);
  if (p.tisResponderRateIvig !== null) {
    const z = zWhereReaches(tisIvig, 18.75);
    if (!Number.isFinite(z)) errors.push('model.params.tisResponderRateIvig: the IVIg TIS distribution never crosses 20');
    else shifts.tis = z + inverseNormal(p.tisResponderRateIvig);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, shifts };
}
