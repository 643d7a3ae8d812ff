// §2.2 Response at week 16: two potential outcomes per patient. Six
// correlated response latents (a Gaussian copula) place the patient in its
// arm's week-16 change distribution, the same latent for placebo and for
// IVIg: rank-preserving potential outcomes. Log-ratio measures (CDASI-A by
// baseline stratum, CDASI-D, both VAS) are normal on the log scale, MMT-8
// normal on its own scale, TIS a quantile table (tis.ts). The IVIg
// parameters at effect scale s: placebo + s (IVIg + override shift - placebo).
import { inverseNormalFast } from '../../random/inverseNormal.js';
import { lowerTimes6 } from '../cholesky.js';
import { cdasiAStratum, type EffectShifts } from '../prodermEffects.js';
import type { ProdermParams } from '../prodermParams.js';
import { zLookup, type ZTable } from '../zTable.js';
import { Draw, Measure, NOT_YET_KNOWN, RecordSlot, ResponseLatent } from './patient.js';

/** The IVIg parameter at effect scale s: placebo + s (IVIg + shift - placebo). */
const scaled = (placebo: number, ivig: number, s: number, shift = 0): number => placebo + s * (ivig + shift - placebo);
const scaledSd = (placebo: number, ivig: number, s: number): number => Math.max(1e-9, placebo + s * (ivig - placebo));

/** Week-16 response distributions: placebo (P) and IVIg at the effect scale (I), mean (M) and SD (S). */
export interface ResponseParams {
  /** CDASI-A by baseline stratum (cdasiAStratum). */
  readonly aMP: readonly number[];
  readonly aSP: readonly number[];
  readonly aMI: readonly number[];
  readonly aSI: readonly number[];
  readonly dMP: number;
  readonly dSP: number;
  readonly dMI: number;
  readonly dSI: number;
  readonly cMP: number;
  readonly cSP: number;
  readonly cMI: number;
  readonly cSI: number;
  readonly eMP: number;
  readonly eSP: number;
  readonly eMI: number;
  readonly eSI: number;
  readonly mMP: number;
  readonly mSP: number;
  readonly mMI: number;
  readonly mSI: number;
  readonly tisPlacebo: ZTable;
  readonly tisIvig: ZTable;
  /**
   * ruleResponseIsPlacebo and responseIsPlacebo of these parameters, kept
   * with them (shiftResponse moves the parameters and updates them).
   */
  readonly flags: { ruleIsPlacebo: boolean; allPlacebo: boolean };
}

export function responseParams(p: ProdermParams, shifts: EffectShifts, tisPlacebo: ZTable, tisIvig: ZTable): ResponseParams {
  const s = p.effectScale;
  const aMP = [p.cdasiAPlaceboLogMeanLow, p.cdasiAPlaceboLogMeanMid, p.cdasiAPlaceboLogMeanHigh];
  const aSP = [p.cdasiAPlaceboLogSdLow, p.cdasiAPlaceboLogSdMid, p.cdasiAPlaceboLogSdHigh];
  const aMIc = [p.cdasiAIvigLogMeanLow, p.cdasiAIvigLogMeanMid, p.cdasiAIvigLogMeanHigh];
  const aSIc = [p.cdasiAIvigLogSdLow, p.cdasiAIvigLogSdMid, p.cdasiAIvigLogSdHigh];
  const r: ResponseParams = {
    aMP,
    aSP,
    aMI: aMP.map((m, k) => scaled(m, aMIc[k], s, shifts.cdasiA)),
    aSI: aSP.map((sd, k) => scaledSd(sd, aSIc[k], s)),
    dMP: p.cdasiDPlaceboLogMean,
    dSP: p.cdasiDPlaceboLogSd,
    dMI: scaled(p.cdasiDPlaceboLogMean, p.cdasiDIvigLogMean, s, shifts.cdasiD),
    dSI: scaledSd(p.cdasiDPlaceboLogSd, p.cdasiDIvigLogSd, s),
    cMP: p.cutVasPlaceboLogMean,
    cSP: p.cutVasPlaceboLogSd,
    cMI: scaled(p.cutVasPlaceboLogMean, p.cutVasIvigLogMean, s, shifts.cutaneousVas),
    cSI: scaledSd(p.cutVasPlaceboLogSd, p.cutVasIvigLogSd, s),
    eMP: p.extVasPlaceboLogMean,
    eSP: p.extVasPlaceboLogSd,
    eMI: scaled(p.extVasPlaceboLogMean, p.extVasIvigLogMean, s, shifts.extramuscularVas),
    eSI: scaledSd(p.extVasPlaceboLogSd, p.extVasIvigLogSd, s),
    mMP: p.mmt8PlaceboMean,
    mSP: p.mmt8PlaceboSd,
    mMI: scaled(p.mmt8PlaceboMean, p.mmt8IvigMean, s, shifts.mmt8),
    mSI: scaledSd(p.mmt8PlaceboSd, p.mmt8IvigSd, s),
    tisPlacebo,
    tisIvig,
    flags: { ruleIsPlacebo: false, allPlacebo: false },
  };
  r.flags.ruleIsPlacebo = ruleResponseIsPlacebo(r);
  r.flags.allPlacebo = responseIsPlacebo(r);
  return r;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A placebo mean moved by `shift` (NaN: as compiled). */
const movedBy = (mean: number, shift: number): number => (shift === shift ? mean + shift : mean);

/**
 * `r` (responseParams of `p`) rewritten in place for p with one measure's
 * placebo means moved by `placebo` (NaN: not moved) and IVIg's by `ivig`
 * (src/model/statedEffects.ts shiftPlacebo, shiftIvig): the same arithmetic
 * as responseParams of the shifted parameters, so the same numbers to the
 * bit. The SDs do not move.
 */
export function shiftResponse(r: ResponseParams, p: ProdermParams, shifts: EffectShifts, measure: string, placebo: number, ivig: number): void {
  const s = p.effectScale;
  const w = r as Mutable<ResponseParams>;
  switch (measure) {
    case 'cdasi_a': {
      const aMP = r.aMP as number[];
      const aMI = r.aMI as number[];
      aMP[0] = movedBy(p.cdasiAPlaceboLogMeanLow, placebo);
      aMP[1] = movedBy(p.cdasiAPlaceboLogMeanMid, placebo);
      aMP[2] = movedBy(p.cdasiAPlaceboLogMeanHigh, placebo);
      aMI[0] = scaled(aMP[0], p.cdasiAIvigLogMeanLow + ivig, s, shifts.cdasiA);
      aMI[1] = scaled(aMP[1], p.cdasiAIvigLogMeanMid + ivig, s, shifts.cdasiA);
      aMI[2] = scaled(aMP[2], p.cdasiAIvigLogMeanHigh + ivig, s, shifts.cdasiA);
      break;
    }
    case 'cdasi_d':
      w.dMP = movedBy(p.cdasiDPlaceboLogMean, placebo);
      w.dMI = scaled(w.dMP, p.cdasiDIvigLogMean + ivig, s, shifts.cdasiD);
      break;
    case 'cutaneous_vas':
      w.cMP = movedBy(p.cutVasPlaceboLogMean, placebo);
      w.cMI = scaled(w.cMP, p.cutVasIvigLogMean + ivig, s, shifts.cutaneousVas);
      break;
    case 'extramuscular_vas':
      w.eMP = movedBy(p.extVasPlaceboLogMean, placebo);
      w.eMI = scaled(w.eMP, p.extVasIvigLogMean + ivig, s, shifts.extramuscularVas);
      break;
    case 'mmt8':
      w.mMP = movedBy(p.mmt8PlaceboMean, placebo);
      w.mMI = scaled(w.mMP, p.mmt8IvigMean + ivig, s, shifts.mmt8);
      break;
    default:
      throw new Error(`proderm model: no response shift for '${measure}'`);
  }
  r.flags.ruleIsPlacebo = ruleResponseIsPlacebo(r);
  r.flags.allPlacebo = responseIsPlacebo(r);
}

/** The IVIg response of the deterioration rule's measures (MMT-8, extramuscular VAS) is the placebo one. */
export const ruleResponseIsPlacebo = (r: ResponseParams): boolean => r.mMI === r.mMP && r.mSI === r.mSP && r.eMI === r.eMP && r.eSI === r.eSP;

/**
 * Every IVIg parameter is the placebo one (the null run): each IVIg term is
 * then exactly 0 (differences of equal numbers), so every potential outcome
 * is the placebo one (but for the sign of a zero, which exp, round and the
 * clamps do not see).
 */
export function responseIsPlacebo(r: ResponseParams): boolean {
  const { tisIvig, tisPlacebo } = r;
  return (
    ruleResponseIsPlacebo(r) &&
    r.dMI === r.dMP &&
    r.dSI === r.dSP &&
    r.cMI === r.cMP &&
    r.cSI === r.cSP &&
    r.aMI.every((m, k) => m === r.aMP[k] && r.aSI[k] === r.aSP[k]) &&
    tisIvig.lo === tisPlacebo.lo &&
    tisIvig.invStep === tisPlacebo.invStep &&
    tisIvig.values.every((v, j) => v === tisPlacebo.values[j])
  );
}

/** The response latents of the patient with uniforms u into its record out[o ..], the lazy placebo slots marked unknown. */
export function responseLatents(lc: Float64Array): (u: Float64Array, out: Float64Array, o: number) => void {
  const e = new Float64Array(6);
  return (u: Float64Array, out: Float64Array, o: number): void => {
    for (let j = 0; j < 6; j++) e[j] = inverseNormalFast(u[Draw.response + j]);
    lowerTimes6(lc, e, out, o + RecordSlot.response);
    out[o + RecordSlot.placeboDeterioration] = NOT_YET_KNOWN;
    out[o + RecordSlot.placeboPrimaryKnown] = 0;
  };
}

/**
 * One patient as the trajectories read it: the record, the baseline, and the
 * week-16 response per measure, placebo (xP) and IVIg minus placebo (xI), on
 * the measure's log (CDASI, VAS) or own (MMT-8, TIS) scale.
 */
export interface Patient {
  lat: Float64Array;
  lo: number;
  /** lat[noise + 6 j + m]: noise uniform of measure m at noise slot j. */
  noise: number;
  a0: number;
  d0: number;
  c0: number;
  e0: number;
  m0: number;
  mP: number;
  mI: number;
  eP: number;
  eI: number;
  /** The responses below are set (setResponse). */
  ready: boolean;
  aP: number;
  aI: number;
  dP: number;
  dI: number;
  cP: number;
  cI: number;
  tP: number;
  tI: number;
}

export const newPatient = (): Patient => ({
  lat: new Float64Array(0),
  lo: 0,
  noise: 0,
  a0: 0,
  d0: 0,
  c0: 0,
  e0: 0,
  m0: 0,
  mP: 0,
  mI: 0,
  eP: 0,
  eI: 0,
  ready: false,
  aP: 0,
  aI: 0,
  dP: 0,
  dI: 0,
  cP: 0,
  cI: 0,
  tP: 0,
  tI: 0,
});

/** Patient `pt` from its record lat[lo ..] and baseline base[bo ..]: the deterioration rule's responses now, the others at setResponse. */
export function beginPatient(r: ResponseParams, pt: Patient, lat: Float64Array, lo: number, base: Float64Array, bo: number): void {
  pt.lat = lat;
  pt.lo = lo;
  pt.noise = lo + RecordSlot.noise;
  pt.a0 = base[bo + Measure.cdasiA];
  pt.d0 = base[bo + Measure.cdasiD];
  pt.c0 = base[bo + Measure.cutVas];
  pt.e0 = base[bo + Measure.extVas];
  pt.m0 = base[bo + Measure.mmt8];
  const zE = lat[lo + ResponseLatent.extVas];
  const zM = lat[lo + ResponseLatent.mmt8];
  pt.eP = r.eMP + r.eSP * zE;
  pt.eI = r.eMI + r.eSI * zE - pt.eP;
  pt.mP = r.mMP + r.mSP * zM;
  pt.mI = r.mMI + r.mSI * zM - pt.mP;
  pt.ready = false;
}

/** The other measures' responses (a patient whose values were all known before needs none). */
export function setResponse(r: ResponseParams, pt: Patient): void {
  const { lat, lo } = pt;
  const st = cdasiAStratum(pt.a0);
  const zA = lat[lo + ResponseLatent.cdasiA];
  const zD = lat[lo + ResponseLatent.cdasiD];
  const zC = lat[lo + ResponseLatent.cutVas];
  const zT = lat[lo + ResponseLatent.tis];
  pt.aP = r.aMP[st] + r.aSP[st] * zA;
  pt.aI = r.aMI[st] + r.aSI[st] * zA - pt.aP;
  pt.dP = r.dMP + r.dSP * zD;
  pt.dI = r.dMI + r.dSI * zD - pt.dP;
  pt.cP = r.cMP + r.cSP * zC;
  pt.cI = r.cMI + r.cSI * zC - pt.cP;
  pt.tP = zLookup(r.tisPlacebo, zT);
  pt.tI = zLookup(r.tisIvig, zT) - pt.tP;
  pt.ready = true;
}
