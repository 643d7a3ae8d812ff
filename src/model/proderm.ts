// The virtual ProDERM patient (docs/model.md explains every choice).
//
// Per screened patient, a fixed block of uniforms, each turned into at most
// one normal (inverseNormalFast: exact in the tails, within 1e-5 elsewhere):
//   [0..4]   baseline latents  -> Gaussian copula -> CDASI-A, CDASI-D, cutaneous VAS, extramuscular VAS, MMT-8
//   [5..10]  response latents  -> Gaussian copula -> TIS, MMT-8, CDASI-A, extramuscular VAS, cutaneous VAS, CDASI-D
//   [11]     dropout
//   [12 + 6 j + m]  visit noise of measure m at the j-th visit other than weeks 0 and 16
// The response latents give BOTH potential outcomes (placebo and IVIg) of a
// patient, rank-preserving; arm and effect scale only choose between and
// interpolate them, so a patient is the same person in every design.
//
// Scores that are zero at baseline stay zero; the others follow
//   log(score_t / baseline) = etaP g(t) + (etaI - etaP) g(t - start) + noise_t
// where start is the week IVIg began (0 on IVIg; the switch or week 16 on
// placebo) and g(t) = (1 - exp(-t/tau)) / (1 - exp(-16/tau)) (g(16) = 1).
// MMT-8 and TIS use the same form on their own (additive) scale.
import { inverseNormal, inverseNormalFast } from '../random/inverseNormal.js';
import { PRODERM_MEASURES, PRODERM_MEASURE_IDS, PRODERM_PRIMARY_WEEK, PRODERM_VISITS, type Cohort } from './cohort.js';
import { cholesky } from './cholesky.js';
import type { CompiledModel } from './compiledModel.js';
import { normalCdf } from './normalCdf.js';
import { cdasiAStratum, solveEffectShifts, type EffectShifts } from './prodermEffects.js';
import { betaQuantile, betaShapes, gammaQuantile, gammaShapeScale } from './prodermMarginals.js';
import { baselineCorrelation, changeCorrelation, type ProdermParams } from './prodermParams.js';
import { zLookup, zTable, type ZTable } from './zTable.js';

const BASE = 0;
const CHANGE = 5;
const DROPOUT = 11;
const NOISE = 12;
const MEASURES = 6;

/** g(t) of the response time course, normalised to 1 at week 16. */
export function responseFraction(week: number, tau: number): number {
  if (week <= 0) return 0;
  return (1 - Math.exp(-week / tau)) / (1 - Math.exp(-PRODERM_PRIMARY_WEEK / tau));
}

/** Quantile of the TIS mixture: uniform on [0, nonMax) with weight 1 - share, N(mean, sd) with weight share. */
function tisMixtureQuantile(share: number, mean: number, sd: number, nonMax: number): (u: number) => number {
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

/** The IVIg parameter at effect scale s: placebo + s (IVIg + shift - placebo). */
const scaled = (placebo: number, ivig: number, s: number, shift = 0): number => placebo + s * (ivig + shift - placebo);
const scaledSd = (placebo: number, ivig: number, s: number): number => Math.max(1e-9, placebo + s * (ivig - placebo));

export interface ProdermTables {
  readonly tisPlacebo: ZTable;
  readonly tisIvig: ZTable;
  readonly shifts: EffectShifts;
}

/** TIS tables and solved effect shifts (also used to validate overrides). */
export function prodermTables(p: ProdermParams): { ok: true; tables: ProdermTables } | { ok: false; errors: string[] } {
  const tisPlacebo = zTable(tisMixtureQuantile(p.tisPlaceboImproverShare, p.tisPlaceboImproverMean, p.tisPlaceboImproverSd, p.tisNonImproverMax));
  const tisIvigCalibrated = zTable(tisMixtureQuantile(p.tisIvigImproverShare, p.tisIvigImproverMean, p.tisIvigImproverSd, p.tisNonImproverMax));
  const solved = solveEffectShifts(p, tisIvigCalibrated);
  if (!solved.ok) return solved;
  const s = p.effectScale;
  const values = new Float64Array(tisPlacebo.values.length);
  for (let j = 0; j < values.length; j++) {
    const z = tisPlacebo.lo + j / tisPlacebo.invStep;
    const tp = tisPlacebo.values[j];
    values[j] = tp + s * (zLookup(tisIvigCalibrated, z + solved.shifts.tis) - tp);
  }
  for (let j = 1; j < values.length; j++) if (values[j] < values[j - 1]) values[j] = values[j - 1];
  return { ok: true, tables: { tisPlacebo, tisIvig: { lo: tisPlacebo.lo, invStep: tisPlacebo.invStep, values }, shifts: solved.shifts } };
}

/** Compile resolved ProDERM parameters (see resolveProdermParams) into the generator. Throws on inconsistent parameters. */
export function compileProderm(p: ProdermParams): CompiledModel {
  const Lb = cholesky(baselineCorrelation(p));
  const Lc = cholesky(changeCorrelation(p));
  if (Lb === null || Lc === null) throw new Error('proderm model: correlation parameters are not positive definite');
  const tabled = prodermTables(p);
  if (!tabled.ok) throw new Error(tabled.errors.join('\n'));
  const { tisPlacebo, tisIvig, shifts } = tabled.tables;

  // Baseline tables.
  const zeroZ = (share: number): number => (share > 0 ? inverseNormal(share) : -Infinity);
  const aZero = zeroZ(p.cdasiABaselineZeroShare);
  const [aK, aTheta] = gammaShapeScale(p.cdasiABaselineActiveMean, p.cdasiABaselineActiveSd);
  const a0 = p.cdasiABaselineZeroShare;
  const aTable = zTable((u) => gammaQuantile(u, aK, aTheta), Math.max(-8, aZero), (u) => (u - a0) / (1 - a0));
  const dZero = zeroZ(p.cdasiDBaselineZeroShare);
  const [dK, dTheta] = gammaShapeScale(p.cdasiDBaselinePositiveMean, p.cdasiDBaselinePositiveSd);
  const d0 = p.cdasiDBaselineZeroShare;
  const dTable = zTable((u) => gammaQuantile(u, dK, dTheta), Math.max(-8, dZero), (u) => (u - d0) / (1 - d0));
  const [cA, cB] = betaShapes(p.cutVasBaselineMean, p.cutVasBaselineSd, 0, 10);
  const cutTable = zTable((u) => 10 * betaQuantile(u, cA, cB));
  const eMin = p.extVasBaselineMin;
  const [eA, eB] = betaShapes(p.extVasBaselineMean, p.extVasBaselineSd, eMin, 10);
  const extTable = zTable((u) => eMin + (10 - eMin) * betaQuantile(u, eA, eB));
  const [mK, mTheta] = gammaShapeScale(p.mmt8BaselineDeficitMean, p.mmt8BaselineDeficitSd);
  const mMax = p.mmt8BaselineMax;
  // Increasing in the latent, so that the copula correlations read on the MMT-8 scale.
  const mmtTable = zTable((u) => mMax - gammaQuantile(1 - u, mK, mTheta));

  // Response parameters; IVIg at the effect scale with override shifts.
  const s = p.effectScale;
  const aMP = [p.cdasiAPlaceboLogMeanLow, p.cdasiAPlaceboLogMeanMid, p.cdasiAPlaceboLogMeanHigh];
  const aSP = [p.cdasiAPlaceboLogSdLow, p.cdasiAPlaceboLogSdMid, p.cdasiAPlaceboLogSdHigh];
  const aMIc = [p.cdasiAIvigLogMeanLow, p.cdasiAIvigLogMeanMid, p.cdasiAIvigLogMeanHigh];
  const aSIc = [p.cdasiAIvigLogSdLow, p.cdasiAIvigLogSdMid, p.cdasiAIvigLogSdHigh];
  const aMI = aMP.map((m, k) => scaled(m, aMIc[k], s, shifts.cdasiA));
  const aSI = aSP.map((sd, k) => scaledSd(sd, aSIc[k], s));
  const dMP = p.cdasiDPlaceboLogMean;
  const dSP = p.cdasiDPlaceboLogSd;
  const dMI = scaled(dMP, p.cdasiDIvigLogMean, s, shifts.cdasiD);
  const dSI = scaledSd(dSP, p.cdasiDIvigLogSd, s);
  const cMP = p.cutVasPlaceboLogMean;
  const cSP = p.cutVasPlaceboLogSd;
  const cMI = scaled(cMP, p.cutVasIvigLogMean, s, shifts.cutaneousVas);
  const cSI = scaledSd(cSP, p.cutVasIvigLogSd, s);
  const eMP = p.extVasPlaceboLogMean;
  const eSP = p.extVasPlaceboLogSd;
  const eMI = scaled(eMP, p.extVasIvigLogMean, s, shifts.extramuscularVas);
  const eSI = scaledSd(eSP, p.extVasIvigLogSd, s);
  const mMP = p.mmt8PlaceboMean;
  const mSP = p.mmt8PlaceboSd;
  const mMI = scaled(mMP, p.mmt8IvigMean, s, shifts.mmt8);
  const mSI = scaledSd(mSP, p.mmt8IvigSd, s);

  // Time course by week (every visit and every switch is a multiple of 4 weeks).
  const lastWeek = PRODERM_VISITS[PRODERM_VISITS.length - 1];
  const g = new Float64Array(lastWeek + 1);
  for (let w = 0; w <= lastWeek; w++) g[w] = responseFraction(w, p.responseTauWeeks);
  // Noise slot of each visit of the full schedule (-1: baseline and week 16 carry none).
  const slotOf = new Int32Array(PRODERM_VISITS.length);
  let slots = 0;
  for (let k = 0; k < PRODERM_VISITS.length; k++) {
    const w = PRODERM_VISITS[k];
    slotOf[k] = w === 0 || w === PRODERM_PRIMARY_WEEK ? -1 : slots++;
  }
  const nA = p.visitNoiseCdasiA;
  const nD = p.visitNoiseCdasiD;
  const nC = p.visitNoiseCutVas;
  const nE = p.visitNoiseExtVas;
  const nM = p.visitNoiseMmt8;
  const nT = p.visitNoiseTis;
  const rise = p.deteriorationExtVasRise - 1e-9;
  const keep = 1 - p.deteriorationMmt8Drop;

  const e = new Float64Array(6);
  const lb = Lb;
  const lc = Lc;

  const baseline = (u: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < 5; j++) e[j] = inverseNormalFast(u[BASE + j]);
    // z = Lb e, row by row
    const z0 = lb[0] * e[0];
    const z1 = lb[5] * e[0] + lb[6] * e[1];
    const z2 = lb[10] * e[0] + lb[11] * e[1] + lb[12] * e[2];
    const z3 = lb[15] * e[0] + lb[16] * e[1] + lb[17] * e[2] + lb[18] * e[3];
    const z4 = lb[20] * e[0] + lb[21] * e[1] + lb[22] * e[2] + lb[23] * e[3] + lb[24] * e[4];
    const a = z0 < aZero ? 0 : Math.min(100, Math.max(1, Math.ceil(zLookup(aTable, z0))));
    out[0] = a;
    out[1] = z1 < dZero ? 0 : Math.min(32, Math.max(1, Math.ceil(zLookup(dTable, z1))));
    // No skin activity, no cutaneous activity: the 4 CDASI-A zeros are among the 5 VAS <= 0.2.
    out[2] = a === 0 ? 0 : Math.round(10 * zLookup(cutTable, z2)) / 10;
    out[3] = Math.round(10 * zLookup(extTable, z3)) / 10;
    out[4] = Math.max(0, Math.round(zLookup(mmtTable, z4)));
    out[5] = NaN;
  };

  const outcomes = (u: Float64Array, base: Float64Array, arm: number, dropoutWeek: number, crossover: boolean, cohort: Cohort, row: number): void => {
    for (let j = 0; j < 6; j++) e[j] = inverseNormalFast(u[CHANGE + j]);
    const zT = lc[0] * e[0];
    const zM = lc[6] * e[0] + lc[7] * e[1];
    const zA = lc[12] * e[0] + lc[13] * e[1] + lc[14] * e[2];
    const zE = lc[18] * e[0] + lc[19] * e[1] + lc[20] * e[2] + lc[21] * e[3];
    const zC = lc[24] * e[0] + lc[25] * e[1] + lc[26] * e[2] + lc[27] * e[3] + lc[28] * e[4];
    const zD = lc[30] * e[0] + lc[31] * e[1] + lc[32] * e[2] + lc[33] * e[3] + lc[34] * e[4] + lc[35] * e[5];

    const a0v = base[0];
    const d0v = base[1];
    const c0v = base[2];
    const e0v = base[3];
    const m0v = base[4];
    const st = cdasiAStratum(a0v);
    const aP = aMP[st] + aSP[st] * zA;
    const aI = aMI[st] + aSI[st] * zA - aP;
    const dP = dMP + dSP * zD;
    const dI = dMI + dSI * zD - dP;
    const cP = cMP + cSP * zC;
    const cI = cMI + cSI * zC - cP;
    const eP = eMP + eSP * zE;
    const eI = eMI + eSI * zE - eP;
    const mP = mMP + mSP * zM;
    const mI = mMI + mSI * zM - mP;
    const tP = zLookup(tisPlacebo, zT);
    const tI = zLookup(tisIvig, zT) - tP;

    const visits = cohort.visits;
    const V = visits.length;
    const o = row * V;
    const A = cohort.measures.cdasi_a;
    const D = cohort.measures.cdasi_d;
    const C = cohort.measures.cutaneous_vas;
    const E = cohort.measures.extramuscular_vas;
    const M = cohort.measures.mmt8;
    const T = cohort.measures.tis;
    A[o] = a0v;
    D[o] = d0v;
    C[o] = c0v;
    E[o] = e0v;
    M[o] = m0v;

    let switchWeek = NaN;
    let deteriorated = NaN;
    let prevWorse = false;
    for (let k = 1; k < V; k++) {
      const t = visits[k];
      if (t >= dropoutWeek) break;
      const start = arm === 1 ? 0 : switchWeek === switchWeek ? switchWeek : PRODERM_PRIMARY_WEEK;
      const fP = g[t];
      const fD = t > start ? g[t - start] : 0;
      const slot = slotOf[k];
      let xA = 0;
      let xD = 0;
      let xC = 0;
      let xE = 0;
      let xM = 0;
      let xT = 0;
      if (slot >= 0) {
        const q = NOISE + MEASURES * slot;
        xA = nA * inverseNormalFast(u[q]);
        xD = nD * inverseNormalFast(u[q + 1]);
        xC = nC * inverseNormalFast(u[q + 2]);
        xE = nE * inverseNormalFast(u[q + 3]);
        xM = nM * inverseNormalFast(u[q + 4]);
        xT = nT * inverseNormalFast(u[q + 5]);
      }
      const i = o + k;
      A[i] = a0v === 0 ? 0 : Math.min(100, Math.round(a0v * Math.exp(aP * fP + aI * fD + xA)));
      D[i] = d0v === 0 ? 0 : Math.min(32, Math.round(d0v * Math.exp(dP * fP + dI * fD + xD)));
      C[i] = c0v === 0 ? 0 : Math.min(10, Math.round(10 * c0v * Math.exp(cP * fP + cI * fD + xC)) / 10);
      const ev = Math.min(10, Math.round(10 * e0v * Math.exp(eP * fP + eI * fD + xE)) / 10);
      E[i] = ev;
      const mv = Math.min(150, Math.max(0, Math.round(m0v + mP * fP + mI * fD + xM)));
      M[i] = mv;
      const tv = tP * fP + tI * fD + xT;
      T[i] = tv <= 0 ? 0 : tv >= 100 ? 100 : 2.5 * Math.round(tv / 2.5);

      // IMACS confirmed deterioration (extramuscular or muscle part) at two consecutive visits, weeks 8-16.
      if (t <= PRODERM_PRIMARY_WEEK && deteriorated !== deteriorated) {
        const worse = ev - e0v >= rise || mv <= keep * m0v + 1e-9;
        if (worse && prevWorse && t >= 8) {
          deteriorated = t;
          if (arm === 0 && crossover && t < PRODERM_PRIMARY_WEEK) switchWeek = t;
        }
        prevWorse = worse;
      }
    }
    cohort.crossoverWeek[row] = switchWeek;
    cohort.deteriorationWeek[row] = deteriorated;
  };

  return {
    kind: 'proderm',
    armLabels: ['placebo', 'ivig'],
    measureIds: PRODERM_MEASURE_IDS,
    baselineMeasures: PRODERM_MEASURE_IDS.filter((id) => PRODERM_MEASURES[id].firstWeek === 0),
    fullVisits: PRODERM_VISITS,
    primaryWeek: PRODERM_PRIMARY_WEEK,
    defaultDropout: [p.dropoutBeforeWeek16, p.dropoutWeek16To40],
    supportsCrossover: true,
    dropoutDraw: DROPOUT,
    drawsPerPatient(nVisits: number): number {
      let n = 0;
      for (let k = 0; k < nVisits; k++) if (slotOf[k] >= 0) n++;
      return NOISE + MEASURES * n;
    },
    baseline,
    outcomes,
  };
}
