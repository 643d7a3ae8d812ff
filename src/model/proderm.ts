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
import type { CompiledModel, OutcomesFn, ValueNeeds, ValuesFn } from './compiledModel.js';
import { normalCdf } from './normalCdf.js';
import { rememberByTenths } from './rememberByTenths.js';
import { roundScaledExp } from './roundedExp.js';
import { cdasiAStratum, solveEffectShifts, type EffectShifts } from './prodermEffects.js';
import { betaQuantile, betaShapes, gammaQuantile, gammaShapeScale } from './prodermMarginals.js';
import { baselineCorrelation, changeCorrelation, type ProdermParams } from './prodermParams.js';
import { zLookup, zTable, type ZTable } from './zTable.js';

const BASE = 0;
const CHANGE = 5;
const DROPOUT = 11;
const NOISE = 12;
const MEASURES = 6;
// A patient's latent record (ModelSplit.latents): [0..5] response latents,
// then what trials of these latents remember of the placebo path (the
// deterioration verdict; the six measures at the primary week, and a bit per
// measure remembered), then the visit noise.
const LATENT_RULE = 6;
const LATENT_PRIMARY = 7;
const LATENT_PRIMARY_KNOWN = 13;
const LATENT_NOISE = 14;
/** Verdict not computed yet (a verdict is a week, or NaN for none). */
const RULE_UNKNOWN = -1;

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

/**
 * The set-up that does not depend on the effect scale (quantile tables, the
 * calibrated IVIg TIS table, solved effect shifts): pure functions of the
 * other parameters. A design and its null run, or the points of an
 * effect-scale sweep, differ only in the effect scale, so whoever compiles
 * them together may pass one ProdermSetups to compileProderm to build it once.
 */
export interface ProdermSetup {
  readonly tisPlacebo: ZTable;
  readonly tisIvigCalibrated: ZTable;
  readonly solved: ReturnType<typeof solveEffectShifts>;
  readonly baseline: BaselineTables;
}

/** The set-ups of the models a caller compiles together, by their effect-free parameters (owned by that caller; the last few). */
export type ProdermSetups = Map<string, ProdermSetup>;
const SETUPS_KEPT = 8;

/** The parameters but the effect scale, as a key. */
const effectFreeKey = (p: ProdermParams): string => JSON.stringify({ ...p, effectScale: null });

function prodermSetup(p: ProdermParams, setups?: ProdermSetups): ProdermSetup {
  const key = setups === undefined ? '' : effectFreeKey(p);
  const known = setups?.get(key);
  if (known !== undefined) return known;
  const tisIvigCalibrated = zTable(tisMixtureQuantile(p.tisIvigImproverShare, p.tisIvigImproverMean, p.tisIvigImproverSd, p.tisNonImproverMax));
  const setup: ProdermSetup = {
    tisPlacebo: zTable(tisMixtureQuantile(p.tisPlaceboImproverShare, p.tisPlaceboImproverMean, p.tisPlaceboImproverSd, p.tisNonImproverMax)),
    tisIvigCalibrated,
    solved: solveEffectShifts(p, tisIvigCalibrated),
    baseline: baselineTables(p),
  };
  if (setups !== undefined) {
    if (setups.size >= SETUPS_KEPT) setups.delete(setups.keys().next().value as string);
    setups.set(key, setup);
  }
  return setup;
}

/** TIS tables and solved effect shifts (also used to validate overrides). */
export function prodermTables(p: ProdermParams, setups?: ProdermSetups): { ok: true; tables: ProdermTables } | { ok: false; errors: string[] } {
  return tablesAtScale(p, prodermSetup(p, setups));
}

function tablesAtScale(p: ProdermParams, setup: ProdermSetup): { ok: true; tables: ProdermTables } | { ok: false; errors: string[] } {
  const { tisPlacebo, tisIvigCalibrated, solved } = setup;
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

interface BaselineTables {
  readonly aZero: number;
  readonly aTable: ZTable;
  readonly dZero: number;
  readonly dTable: ZTable;
  readonly cutTable: ZTable;
  readonly extTable: ZTable;
  readonly mmtTable: ZTable;
}

/** Quantile tables of the five baseline measures (and the latents below which CDASI-A, CDASI-D are 0). */
function baselineTables(p: ProdermParams): BaselineTables {
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

  return { aZero, aTable, dZero, dTable, cutTable, extTable, mmtTable };
}

/** Compile resolved ProDERM parameters (see resolveProdermParams) into the generator. Throws on inconsistent parameters. */
export function compileProderm(p: ProdermParams, setups?: ProdermSetups): CompiledModel {
  const Lb = cholesky(baselineCorrelation(p));
  const Lc = cholesky(changeCorrelation(p));
  if (Lb === null || Lc === null) throw new Error('proderm model: correlation parameters are not positive definite');
  const setup = prodermSetup(p, setups);
  const tabled = tablesAtScale(p, setup);
  if (!tabled.ok) throw new Error(tabled.errors.join('\n'));
  const { tisPlacebo, tisIvig, shifts } = tabled.tables;

  const { aZero, aTable, dZero, dTable, cutTable, extTable, mmtTable } = setup.baseline;

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
  // The deterioration rule's visits (indices into the schedule): a confirming
  // visit is one of weeks 8-16 and follows a post-baseline visit.
  let ruleFirst = 2;
  while (PRODERM_VISITS[ruleFirst] < 8) ruleFirst++;
  const ruleEnd = PRODERM_VISITS.indexOf(PRODERM_PRIMARY_WEEK) + 1;
  const nA = p.visitNoiseCdasiA;
  const nD = p.visitNoiseCdasiD;
  const nC = p.visitNoiseCutVas;
  const nE = p.visitNoiseExtVas;
  const nM = p.visitNoiseMmt8;
  const nT = p.visitNoiseTis;
  const rise = p.deteriorationExtVasRise - 1e-9;
  const keep = 1 - p.deteriorationMmt8Drop;

  // ln of each score's scale (baseline, or 10 x baseline for the VAS read to 0.1 cm), remembered.
  const logA = rememberByTenths(Math.log, 100);
  const logD = rememberByTenths(Math.log, 32);
  const logC = rememberByTenths(Math.log, 100);
  const logE = rememberByTenths(Math.log, 100);

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

  // The rule's extramuscular part, ev − e0v ≥ rise with ev = min(10, round(10 e0v exp(x)) / 10),
  // cannot hold while 10 e0v exp(x) < 10 (e0v + rise) − 0.5 (rounding), i.e. x below this
  // limit (with a margin far above rounding error); never when e0v + rise > 10. Remembered
  // per baseline: the VAS is read to 0.1 cm, so a few dozen values occur.
  const extLimit = rememberByTenths(
    (e0v) => (e0v + rise > 10 + 1e-6 ? Infinity : e0v > 0 ? Math.log((10 * (e0v + rise) - 0.5 - 1e-6) / (10 * e0v)) - 1e-9 : -Infinity),
    10,
  );

  const slotsIn = (nVisits: number): number => {
    let n = 0;
    for (let k = 0; k < nVisits; k++) if (slotOf[k] >= 0) n++;
    return n;
  };
  const latentWidth = (nVisits: number): number => LATENT_NOISE + MEASURES * slotsIn(nVisits);

  // The effect-free part of a patient's outcomes: the six response latents
  // (the copula applied to u[5..10]), a slot remembering the deterioration
  // rule's verdict on the placebo path (RULE_UNKNOWN until a trial computes
  // it, see below) and the primary-week values, then the visit-noise
  // uniforms of the visits computed (drawn there by the trial: rawFrom,
  // rawAt). The same for every effect scale.
  const latents = (u: Float64Array, out: Float64Array, o: number): void => {
    for (let j = 0; j < 6; j++) e[j] = inverseNormalFast(u[CHANGE + j]);
    out[o] = lc[0] * e[0];
    out[o + 1] = lc[6] * e[0] + lc[7] * e[1];
    out[o + 2] = lc[12] * e[0] + lc[13] * e[1] + lc[14] * e[2];
    out[o + 3] = lc[18] * e[0] + lc[19] * e[1] + lc[20] * e[2] + lc[21] * e[3];
    out[o + 4] = lc[24] * e[0] + lc[25] * e[1] + lc[26] * e[2] + lc[27] * e[3] + lc[28] * e[4];
    out[o + 5] = lc[30] * e[0] + lc[31] * e[1] + lc[32] * e[2] + lc[33] * e[3] + lc[34] * e[4] + lc[35] * e[5];
    out[o + LATENT_RULE] = RULE_UNKNOWN;
    out[o + LATENT_PRIMARY_KNOWN] = 0;
  };

  // The deterioration rule reads MMT-8 and the extramuscular VAS up to week
  // 16, before any switch, so on placebo its verdict is effect-free: every
  // trial drawn from the same latents (a design and its null run, the effect
  // sizes of a sweep) gets the same deterioration week. The first trial to
  // compute it for a placebo patient writes it into the latent record and the
  // others read it. On IVIg the verdict is the placebo one exactly when the
  // IVIg parameters of both measures are the placebo ones (the null run: the
  // IVIg terms are then exactly 0, and every value the rule compares is
  // unchanged), so an exact null shares it too.
  const ivigRuleIsPlacebo = mMI === mMP && mSI === mSP && eMI === eMP && eSI === eSP;
  // Likewise the values at the primary week: on placebo, without a switch,
  // they are effect-free; with every IVIg parameter the placebo one (the null
  // run), every patient's are the placebo ones: each IVIg term is then exactly
  // 0 (differences of equal numbers), so the exp arguments are unchanged but
  // for the sign of a zero, which exp, round and the clamps do not see.
  const ivigIsPlacebo =
    ivigRuleIsPlacebo &&
    dMI === dMP &&
    dSI === dSP &&
    cMI === cMP &&
    cSI === cSP &&
    aMI.every((m, k) => m === aMP[k] && aSI[k] === aSP[k]) &&
    tisIvig.lo === tisPlacebo.lo &&
    tisIvig.invStep === tisPlacebo.invStep &&
    tisIvig.values.every((v, j) => v === tisPlacebo.values[j]);
  const primaryVisit = PRODERM_VISITS.indexOf(PRODERM_PRIMARY_WEEK);

  // Which values to compute: every one (the cohort as documented), or, for a
  // kernel, only those its analyses read (ValueNeeds). Whatever is skipped,
  // every computed value is the one the full computation gives: the skipped
  // values feed nothing else. The deterioration rule (weeks 4-16) is decided
  // first, from the visits it needs (usually weeks 8 and 16): at each, MMT-8,
  // and the extramuscular VAS unless MMT-8 already decided or its exp cannot
  // reach the rise. Then the stored values, with the switch known.
  const valuesFor = (needs: ValueNeeds | null): ValuesFn => {
    const NV = needs === null ? 0 : needs.nVisits;
    const at = needs?.at ?? null;
    const atSwitch = needs?.atSwitch ?? null;
    const want = (m: number, k: number): boolean => at === null || (k < NV && at[m * NV + k] === 1);
    // A bit per measure: its value at a switched patient's switch visit is read.
    let switchBits = 0;
    for (let m = 0; m < MEASURES; m++) if (atSwitch === null || atSwitch[m] === 1) switchBits |= 1 << m;
    // Per visit index (of the full schedule), a bit per measure: computed at that visit.
    const wanted = new Uint8Array(PRODERM_VISITS.length);
    for (let k = 1; k < PRODERM_VISITS.length; k++) {
      let bits = 0;
      for (let m = 0; m < MEASURES; m++) if (want(m, k)) bits |= 1 << m;
      wanted[k] = bits;
    }

    return (lat: Float64Array, lo: number, base: Float64Array, bo: number, arm: number, dropoutWeek: number, crossover: boolean, cohort: Cohort, row: number): void => {
      const zM = lat[lo + 1];
      const zE = lat[lo + 3];
      const nq = lo + LATENT_NOISE; // noise uniform of measure m at slot j: lat[nq + 6 j + m]

      const a0v = base[bo];
      const d0v = base[bo + 1];
      const c0v = base[bo + 2];
      const e0v = base[bo + 3];
      const m0v = base[bo + 4];
      // The rule's parameters now; the others at the first value computed
      // (a patient whose values another trial remembered needs none).
      const eP = eMP + eSP * zE;
      const eI = eMI + eSI * zE - eP;
      const mP = mMP + mSP * zM;
      const mI = mMI + mSI * zM - mP;
      let ready = false;
      let aP = 0;
      let aI = 0;
      let dP = 0;
      let dI = 0;
      let cP = 0;
      let cI = 0;
      let tP = 0;
      let tI = 0;

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
      T[o] = NaN; // TIS has no week-0 value

      // The rule's verdict: remembered by another trial of these latents on
      // the placebo path, or found here.
      const placeboPath = arm === 0 || ivigRuleIsPlacebo;
      let deteriorated = placeboPath ? lat[lo + LATENT_RULE] : RULE_UNKNOWN;
      if (deteriorated === RULE_UNKNOWN) {
        deteriorated = NaN;
        // IMACS confirmed deterioration (extramuscular or muscle part) at two
        // consecutive visits, the second in weeks 8-16: the first visit j with
        // worse(j - 1) and worse(j). Evaluated lazily, each visit at most once:
        // a visit that is not worse rules out both pairs it belongs to, so
        // usually only weeks 8 and 16 are computed. A visit at or after the
        // dropout is never worse (it is not observed). Before the verdict no
        // one has switched: IVIg acts from week 0, placebo's switch week is
        // the primary week.
        const ruleStart = arm === 1 ? 0 : PRODERM_PRIMARY_WEEK;
        const eLimit = extLimit(e0v);
        const end = ruleEnd < V ? ruleEnd : V;
        let j = ruleFirst;
        let testPrevious = false; // false: test visit j; true: visit j - 1 (j worse)
        let previousWorse = false; // visit j - 1 is known worse
        while (j < end) {
          const k = testPrevious ? j - 1 : j;
          const t = visits[k];
          let worse = false;
          if (k >= 1 && !(t >= dropoutWeek)) {
            const fP = g[t];
            const fD = t > ruleStart ? g[t - ruleStart] : 0;
            const slot = slotOf[k];
            const q = nq + MEASURES * slot;
            const xM = slot >= 0 ? nM * inverseNormalFast(lat[q + 4]) : 0;
            const mv = Math.min(150, Math.max(0, Math.round(m0v + mP * fP + mI * fD + xM)));
            worse = mv <= keep * m0v + 1e-9;
            if (!worse) {
              const xE = slot >= 0 ? nE * inverseNormalFast(lat[q + 3]) : 0;
              const x = eP * fP + eI * fD + xE;
              // Below eLimit it cannot be worse, and its exp is spared.
              if (!(x < eLimit)) worse = Math.min(10, roundScaledExp(10 * e0v, logE(10 * e0v), x) / 10) - e0v >= rise;
            }
          }
          if (testPrevious) {
            if (worse) {
              deteriorated = visits[j];
              break;
            }
            j += 1; // pair (j - 1, j) fails; visit j, worse, opens the next one
            testPrevious = false;
            previousWorse = true;
          } else if (!worse) {
            j += 2; // neither pair (j - 1, j) nor (j, j + 1) can confirm
            previousWorse = false;
          } else if (previousWorse) {
            deteriorated = visits[j];
            break;
          } else {
            testPrevious = true;
          }
        }
        if (placeboPath) lat[lo + LATENT_RULE] = deteriorated;
      }
      // A placebo patient with confirmed deterioration before the primary week
      // switches at that visit: IVIg acts from the next visit on.
      const switchWeek = arm === 0 && crossover && deteriorated < PRODERM_PRIMARY_WEEK ? deteriorated : NaN;
      for (let k = 1; k < V; k++) {
        const t = visits[k];
        if (t >= dropoutWeek) {
          // Not observed from here on: every value read is missing (the cohort is not cleared between trials).
          for (let j = k; j < V; j++) {
            const missing = wanted[j];
            const i = o + j;
            if ((missing & 1) !== 0) A[i] = NaN;
            if ((missing & 2) !== 0) D[i] = NaN;
            if ((missing & 4) !== 0) C[i] = NaN;
            if ((missing & 8) !== 0) E[i] = NaN;
            if ((missing & 16) !== 0) M[i] = NaN;
            if ((missing & 32) !== 0) T[i] = NaN;
          }
          break;
        }
        const bits = t === switchWeek ? wanted[k] | switchBits : wanted[k];
        if (bits === 0) continue;
        const remember = k === primaryVisit && (ivigIsPlacebo || (arm === 0 && switchWeek !== switchWeek));
        if (remember && (bits & ~lat[lo + LATENT_PRIMARY_KNOWN]) === 0) {
          // Every value wanted here was computed by another trial of these latents.
          const m = lo + LATENT_PRIMARY;
          const i = o + k;
          if ((bits & 1) !== 0) A[i] = lat[m];
          if ((bits & 2) !== 0) D[i] = lat[m + 1];
          if ((bits & 4) !== 0) C[i] = lat[m + 2];
          if ((bits & 8) !== 0) E[i] = lat[m + 3];
          if ((bits & 16) !== 0) M[i] = lat[m + 4];
          if ((bits & 32) !== 0) T[i] = lat[m + 5];
          continue;
        }
        if (!ready) {
          const st = cdasiAStratum(a0v);
          const zA = lat[lo + 2];
          const zD = lat[lo + 5];
          const zC = lat[lo + 4];
          const zT = lat[lo];
          aP = aMP[st] + aSP[st] * zA;
          aI = aMI[st] + aSI[st] * zA - aP;
          dP = dMP + dSP * zD;
          dI = dMI + dSI * zD - dP;
          cP = cMP + cSP * zC;
          cI = cMI + cSI * zC - cP;
          tP = zLookup(tisPlacebo, zT);
          tI = zLookup(tisIvig, zT) - tP;
          ready = true;
        }
        const start = arm === 1 ? 0 : switchWeek < t ? switchWeek : PRODERM_PRIMARY_WEEK;
        const fP = g[t];
        const fD = t > start ? g[t - start] : 0;
        const slot = slotOf[k];
        const q = nq + MEASURES * slot; // noise of measure m: lat[q + m] (none at slot -1)
        const i = o + k;
        if ((bits & 16) !== 0) {
          const xM = slot >= 0 ? nM * inverseNormalFast(lat[q + 4]) : 0;
          M[i] = Math.min(150, Math.max(0, Math.round(m0v + mP * fP + mI * fD + xM)));
        }
        if ((bits & 8) !== 0) {
          const xE = slot >= 0 ? nE * inverseNormalFast(lat[q + 3]) : 0;
          E[i] = Math.min(10, roundScaledExp(10 * e0v, logE(10 * e0v), eP * fP + eI * fD + xE) / 10);
        }
        if ((bits & 1) !== 0) {
          const xA = slot >= 0 ? nA * inverseNormalFast(lat[q]) : 0;
          A[i] = a0v === 0 ? 0 : Math.min(100, roundScaledExp(a0v, logA(a0v), aP * fP + aI * fD + xA));
        }
        if ((bits & 2) !== 0) {
          const xD = slot >= 0 ? nD * inverseNormalFast(lat[q + 1]) : 0;
          D[i] = d0v === 0 ? 0 : Math.min(32, roundScaledExp(d0v, logD(d0v), dP * fP + dI * fD + xD));
        }
        if ((bits & 4) !== 0) {
          const xC = slot >= 0 ? nC * inverseNormalFast(lat[q + 2]) : 0;
          C[i] = c0v === 0 ? 0 : Math.min(10, roundScaledExp(10 * c0v, logC(10 * c0v), cP * fP + cI * fD + xC) / 10);
        }
        if ((bits & 32) !== 0) {
          const xT = slot >= 0 ? nT * inverseNormalFast(lat[q + 5]) : 0;
          const tv = tP * fP + tI * fD + xT;
          T[i] = tv <= 0 ? 0 : tv >= 100 ? 100 : 2.5 * Math.round(tv / 2.5);
        }
        if (remember) {
          const m = lo + LATENT_PRIMARY;
          if ((bits & 1) !== 0) lat[m] = A[i];
          if ((bits & 2) !== 0) lat[m + 1] = D[i];
          if ((bits & 4) !== 0) lat[m + 2] = C[i];
          if ((bits & 8) !== 0) lat[m + 3] = E[i];
          if ((bits & 16) !== 0) lat[m + 4] = M[i];
          if ((bits & 32) !== 0) lat[m + 5] = T[i];
          lat[lo + LATENT_PRIMARY_KNOWN] = lat[lo + LATENT_PRIMARY_KNOWN] | bits;
        }
      }
      cohort.crossoverWeek[row] = switchWeek;
      cohort.deteriorationWeek[row] = deteriorated;
    };
  };

  // The documented cohort: every value of every visit.
  const latentScratch = new Float64Array(latentWidth(PRODERM_VISITS.length));
  const allValues = valuesFor(null);
  const outcomes: OutcomesFn = (u, base, arm, dropoutWeek, crossover, cohort, row) => {
    latents(u, latentScratch, 0);
    const noise = MEASURES * slotsIn(cohort.visits.length);
    for (let j = 0; j < noise; j++) latentScratch[LATENT_NOISE + j] = u[NOISE + j];
    allValues(latentScratch, 0, base, 0, arm, dropoutWeek, crossover, cohort, row);
  };

  return {
    kind: 'proderm',
    drawsKey: JSON.stringify({ kind: 'proderm', params: { ...p, effectScale: null } }),
    armLabels: ['placebo', 'ivig'],
    measureIds: PRODERM_MEASURE_IDS,
    baselineMeasures: PRODERM_MEASURE_IDS.filter((id) => PRODERM_MEASURES[id].firstWeek === 0),
    fullVisits: PRODERM_VISITS,
    primaryWeek: PRODERM_PRIMARY_WEEK,
    defaultDropout: [p.dropoutBeforeWeek16, p.dropoutWeek16To40],
    supportsCrossover: true,
    dropoutDraw: DROPOUT,
    drawsPerPatient(nVisits: number): number {
      return NOISE + MEASURES * slotsIn(nVisits);
    },
    baseline,
    outcomes,
    split: { latentWidth, rawFrom: NOISE, rawAt: LATENT_NOISE, latents, valuesFor },
  };
}
