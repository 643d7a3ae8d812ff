// §2.3 Time course, the extension and the switch: a patient's potential
// outcome at a visit under a treatment regime. The regime is the week IVIg
// starts: 0 on IVIg throughout, the primary week on placebo (everyone takes
// IVIg in the extension), the switch week for a placebo patient switched
// after confirmed deterioration. Scores that are zero at baseline stay zero;
// the others follow
//   log(score_t / baseline) = P g(t) + I g(t - start) + noise_t
// (MMT-8 and TIS on their own, additive, scale), P the placebo and I the
// IVIg-minus-placebo response at week 16, g(t) = (1 - exp(-t/tau)) / (1 - exp(-16/tau)),
// each rounded to the measure's recording grid and clamped to its range.
import { inverseNormalFast } from '../../random/inverseNormal.js';
import { PRODERM_PRIMARY_WEEK, PRODERM_VISITS } from '../cohort.js';
import type { ProdermParams } from '../prodermParams.js';
import { rememberByTenths } from '../rememberByTenths.js';
import { roundScaledExp } from '../roundedExp.js';
import { MEASURES, Measure } from './patient.js';
import type { Patient } from './response.js';

/** g(t) of the response time course, normalised to 1 at week 16. */
export function responseFraction(week: number, tau: number): number {
  if (week <= 0) return 0;
  return (1 - Math.exp(-week / tau)) / (1 - Math.exp(-PRODERM_PRIMARY_WEEK / tau));
}

/**
 * The time course's constants: g by week (every visit and every switch is a
 * multiple of 4 weeks), the visits' noise slots, the noise SDs, and ln of
 * each score's scale (baseline, or 10 x baseline for the VAS read to 0.1 cm)
 * remembered by baseline (rememberByTenths).
 */
export interface TimeCourse {
  readonly g: Float64Array;
  /** Noise slot of each visit of the full schedule (-1: baseline and the primary week carry none). */
  readonly slotOf: Int32Array;
  readonly nA: number;
  readonly nD: number;
  readonly nC: number;
  readonly nE: number;
  readonly nM: number;
  readonly nT: number;
  readonly logA: (x: number) => number;
  readonly logD: (x: number) => number;
  readonly logC: (x: number) => number;
  readonly logE: (x: number) => number;
}

export function timeCourse(p: ProdermParams): TimeCourse {
  const lastWeek = PRODERM_VISITS[PRODERM_VISITS.length - 1];
  const g = new Float64Array(lastWeek + 1);
  for (let w = 0; w <= lastWeek; w++) g[w] = responseFraction(w, p.responseTauWeeks);
  const slotOf = new Int32Array(PRODERM_VISITS.length);
  let slots = 0;
  for (let k = 0; k < PRODERM_VISITS.length; k++) {
    const w = PRODERM_VISITS[k];
    slotOf[k] = w === 0 || w === PRODERM_PRIMARY_WEEK ? -1 : slots++;
  }
  return {
    g,
    slotOf,
    nA: p.visitNoiseCdasiA,
    nD: p.visitNoiseCdasiD,
    nC: p.visitNoiseCutVas,
    nE: p.visitNoiseExtVas,
    nM: p.visitNoiseMmt8,
    nT: p.visitNoiseTis,
    logA: rememberByTenths(Math.log, 100),
    logD: rememberByTenths(Math.log, 32),
    logC: rememberByTenths(Math.log, 100),
    logE: rememberByTenths(Math.log, 100),
  };
}

// A visit in a regime enters the formulas through three numbers: fP = g(t),
// fD = g(t - start) (0 before the start), and q, the index of the visit's
// noise uniforms in the patient record (-1: a visit without noise, baseline
// or the primary week). Passed as arguments, not in an object: the hot path.

/** g(t - start) of visit week t, 0 before the start. */
export const ivigFraction = (tc: TimeCourse, t: number, start: number): number => (t > start ? tc.g[t - start] : 0);

/** The index of visit k's noise uniforms in the patient's record, or -1. */
export function noiseIndex(tc: TimeCourse, pt: Patient, k: number): number {
  const slot = tc.slotOf[k];
  return slot >= 0 ? pt.noise + MEASURES * slot : -1;
}

/** The visit noise of measure m: sd times the normal of its uniform (none at a visit without noise). */
function noiseOf(pt: Patient, q: number, m: number, sd: number): number {
  return q >= 0 ? sd * inverseNormalFast(pt.lat[q + m]) : 0;
}

export function mmt8At(tc: TimeCourse, pt: Patient, fP: number, fD: number, q: number): number {
  return Math.min(150, Math.max(0, Math.round(pt.m0 + pt.mP * fP + pt.mI * fD + noiseOf(pt, q, Measure.mmt8, tc.nM))));
}

/** The extramuscular VAS's log change (its value: extVasOf). */
export function extVasExponent(tc: TimeCourse, pt: Patient, fP: number, fD: number, q: number): number {
  return pt.eP * fP + pt.eI * fD + noiseOf(pt, q, Measure.extVas, tc.nE);
}

export function extVasOf(tc: TimeCourse, pt: Patient, x: number): number {
  return Math.min(10, roundScaledExp(10 * pt.e0, tc.logE(10 * pt.e0), x) / 10);
}

export function cdasiAAt(tc: TimeCourse, pt: Patient, fP: number, fD: number, q: number): number {
  return pt.a0 === 0 ? 0 : Math.min(100, roundScaledExp(pt.a0, tc.logA(pt.a0), pt.aP * fP + pt.aI * fD + noiseOf(pt, q, Measure.cdasiA, tc.nA)));
}

export function cdasiDAt(tc: TimeCourse, pt: Patient, fP: number, fD: number, q: number): number {
  return pt.d0 === 0 ? 0 : Math.min(32, roundScaledExp(pt.d0, tc.logD(pt.d0), pt.dP * fP + pt.dI * fD + noiseOf(pt, q, Measure.cdasiD, tc.nD)));
}

export function cutVasAt(tc: TimeCourse, pt: Patient, fP: number, fD: number, q: number): number {
  if (pt.c0 === 0) return 0;
  return Math.min(10, roundScaledExp(10 * pt.c0, tc.logC(10 * pt.c0), pt.cP * fP + pt.cI * fD + noiseOf(pt, q, Measure.cutVas, tc.nC)) / 10);
}

export function tisAt(tc: TimeCourse, pt: Patient, fP: number, fD: number, q: number): number {
  const tv = pt.tP * fP + pt.tI * fD + noiseOf(pt, q, Measure.tis, tc.nT);
  return tv <= 0 ? 0 : tv >= 100 ? 100 : 2.5 * Math.round(tv / 2.5);
}
