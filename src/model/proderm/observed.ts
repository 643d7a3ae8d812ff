// The observed trial of a patient: the potential outcome of its randomized
// regime (IVIg from week 0; placebo with IVIg from the primary week, or from
// the switch), after the intercurrent events (deterioration and the switch:
// the trial's mechanisms, design/switchRule.ts, handed in as
// IntercurrentEvents) and missingness (dropout: nothing observed from the
// dropout week on). Only the values a caller reads are computed (ValueNeeds);
// each is the one the full computation gives, since a skipped value feeds
// nothing else. The patient's placebo potential outcome, where a trial reads
// it (the deterioration week, the primary-week values), is kept in its record
// for the other trials of the same draws (patient.ts).
import { PRODERM_PRIMARY_WEEK, PRODERM_VISITS, type Cohort } from '../cohort.js';
import type { IntercurrentEvents, PotentialOutcomesFn, TrialLayout, ValueNeeds, ValuesFn } from '../compiledModel.js';
import type { DeteriorationRule } from './deterioration.js';
import { ALL_MEASURES, MEASURES, Measure, NOT_YET_KNOWN, RecordSlot, bitOf } from './patient.js';
import { beginPatient, newPatient, setResponse, type Patient, type ResponseParams } from './response.js';
import { cdasiAAt, cdasiDAt, cutVasAt, extVasExponent, extVasOf, ivigFraction, mmt8At, noiseIndex, tisAt, type TimeCourse } from './timeCourse.js';

const PRIMARY_VISIT = PRODERM_VISITS.indexOf(PRODERM_PRIMARY_WEEK);

/** Per visit of the full schedule, the set of measures read there (null: all); and those read at a switch visit. */
function wantedMeasures(needs: ValueNeeds | null): { wanted: Uint8Array; atSwitch: number } {
  const wanted = new Uint8Array(PRODERM_VISITS.length);
  let atSwitch = 0;
  for (let m = 0; m < MEASURES; m++) if (needs === null || needs.atSwitch[m] === 1) atSwitch |= bitOf(m);
  for (let k = 1; k < PRODERM_VISITS.length; k++) {
    let bits = 0;
    for (let m = 0; m < MEASURES; m++) if (needs === null || (k < needs.nVisits && needs.at[m * needs.nVisits + k] === 1)) bits |= bitOf(m);
    wanted[k] = bits;
  }
  return { wanted, atSwitch };
}

/** The values of the measures in `bits` at visit k (week t) under the regime starting IVIg at `start`, into cols[m][i]. */
function writeVisit(tc: TimeCourse, pt: Patient, k: number, t: number, start: number, bits: number, cols: Float64Array[], i: number): void {
  const fP = tc.g[t];
  const fD = ivigFraction(tc, t, start);
  const q = noiseIndex(tc, pt, k);
  if ((bits & bitOf(Measure.mmt8)) !== 0) cols[Measure.mmt8][i] = mmt8At(tc, pt, fP, fD, q);
  if ((bits & bitOf(Measure.extVas)) !== 0) cols[Measure.extVas][i] = extVasOf(tc, pt, extVasExponent(tc, pt, fP, fD, q));
  if ((bits & bitOf(Measure.cdasiA)) !== 0) cols[Measure.cdasiA][i] = cdasiAAt(tc, pt, fP, fD, q);
  if ((bits & bitOf(Measure.cdasiD)) !== 0) cols[Measure.cdasiD][i] = cdasiDAt(tc, pt, fP, fD, q);
  if ((bits & bitOf(Measure.cutVas)) !== 0) cols[Measure.cutVas][i] = cutVasAt(tc, pt, fP, fD, q);
  if ((bits & bitOf(Measure.tis)) !== 0) cols[Measure.tis][i] = tisAt(tc, pt, fP, fD, q);
}

// Copies between a patient's six values and the cohort's columns, unrolled
// (the per-measure loop with its bit test costs more than the copy): each is
// the loop `for m in 0..5: if bit m of bits: to[m] = from[m]`
// (test/model/prodermObserved.test.ts checks them against it).

/** cols[m][i] = from[f + m] for the measures in `bits`. */
export function copyMeasures(bits: number, from: Float64Array, f: number, cols: Float64Array[], i: number): void {
  if ((bits & 1) !== 0) cols[0][i] = from[f];
  if ((bits & 2) !== 0) cols[1][i] = from[f + 1];
  if ((bits & 4) !== 0) cols[2][i] = from[f + 2];
  if ((bits & 8) !== 0) cols[3][i] = from[f + 3];
  if ((bits & 16) !== 0) cols[4][i] = from[f + 4];
  if ((bits & 32) !== 0) cols[5][i] = from[f + 5];
}

/** to[t + m] = cols[m][i] for the measures in `bits`. */
export function keepMeasures(bits: number, cols: Float64Array[], i: number, to: Float64Array, t: number): void {
  if ((bits & 1) !== 0) to[t] = cols[0][i];
  if ((bits & 2) !== 0) to[t + 1] = cols[1][i];
  if ((bits & 4) !== 0) to[t + 2] = cols[2][i];
  if ((bits & 8) !== 0) to[t + 3] = cols[3][i];
  if ((bits & 16) !== 0) to[t + 4] = cols[4][i];
  if ((bits & 32) !== 0) to[t + 5] = cols[5][i];
}

/** cols[m][i] = NaN for the measures in `bits`. */
export function missingMeasures(bits: number, cols: Float64Array[], i: number): void {
  if ((bits & 1) !== 0) cols[0][i] = NaN;
  if ((bits & 2) !== 0) cols[1][i] = NaN;
  if ((bits & 4) !== 0) cols[2][i] = NaN;
  if ((bits & 8) !== 0) cols[3][i] = NaN;
  if ((bits & 16) !== 0) cols[4][i] = NaN;
  if ((bits & 32) !== 0) cols[5][i] = NaN;
}

/** Room for the six measure columns (a packed array of typed arrays, for the hot path's loads). */
const columnsScratch = (): Float64Array[] => Array.from({ length: MEASURES }, () => new Float64Array(0));

/** The cohort's measure columns, in measure order. */
function bindColumns(ms: Cohort['measures'], cols: Float64Array[]): void {
  cols[Measure.cdasiA] = ms.cdasi_a;
  cols[Measure.cdasiD] = ms.cdasi_d;
  cols[Measure.cutVas] = ms.cutaneous_vas;
  cols[Measure.extVas] = ms.extramuscular_vas;
  cols[Measure.mmt8] = ms.mmt8;
  cols[Measure.tis] = ms.tis;
}

/**
 * The observed values from patient records (ModelSplit.valuesFor): week 0,
 * the values `needs` marks (null: all) and, for a switched patient, the
 * switch visit's values of needs.atSwitch; NaN where the patient is not
 * observed; the deterioration and switch weeks.
 */
export function observedValues(r: ResponseParams, tc: TimeCourse, rule: DeteriorationRule): (needs: ValueNeeds | null, events: IntercurrentEvents, layout: TrialLayout) => ValuesFn {
  // The rule reads MMT-8 and the extramuscular VAS up to the primary week,
  // before any switch, so on placebo its verdict is effect-free; on IVIg it is
  // the placebo one when those measures' IVIg response is the placebo one.
  // (r.flags.ruleIsPlacebo, read at each use: a design prior's replicate may move the response, response.ts shiftResponse.)
  // With every IVIg response the placebo one (the null run), every regime's trajectory is the placebo one (r.flags.allPlacebo).
  const flags = r.flags;
  return (needs, events, { width, measures, crossover }) => {
    const { wanted, atSwitch } = wantedMeasures(needs);
    const pt = newPatient();
    const cols = columnsScratch();
    let bound: Cohort['measures'] | null = null; // the measures cols holds
    // The observed trajectory the deterioration rule reads: none at or after the dropout.
    const seen = { visits: PRODERM_VISITS as ArrayLike<number>, dropoutWeek: NaN, start: 0 };
    const observedWorse = (k: number): boolean => {
      const t = seen.visits[k];
      return k >= 1 && !(t >= seen.dropoutWeek) && rule.worseAt(pt, k, t, seen.start);
    };
    const deterioration = (arm: number, dropoutWeek: number, visits: readonly number[]): number => {
      const placeboPath = arm === 0 || flags.ruleIsPlacebo;
      const lat = pt.lat;
      let week = placeboPath ? lat[pt.lo + RecordSlot.placeboDeterioration] : NOT_YET_KNOWN;
      if (week === NOT_YET_KNOWN) {
        // Before the verdict no one has switched: IVIg acts from week 0, placebo's from the primary week.
        seen.visits = visits;
        seen.dropoutWeek = dropoutWeek;
        seen.start = arm === 1 ? 0 : PRODERM_PRIMARY_WEEK;
        week = events.confirmedDeterioration(visits, rule.firstConfirming, rule.end < visits.length ? rule.end : visits.length, observedWorse);
        if (placeboPath) lat[pt.lo + RecordSlot.placeboDeterioration] = week;
      }
      return week;
    };
    const masked = (k: number, o: number, V: number): void => {
      // Not observed from visit k on: every value read is missing (the cohort is not cleared between trials).
      for (let j = k; j < V; j++) missingMeasures(wanted[j], cols, o + j);
    };
    const visitsAfterBaseline = (arm: number, switchWeek: number, dropoutWeek: number, visits: readonly number[], o: number): void => {
      const { lat, lo } = pt;
      for (let k = 1; k < visits.length; k++) {
        const t = visits[k];
        if (t >= dropoutWeek) return masked(k, o, visits.length);
        const bits = t === switchWeek ? wanted[k] | atSwitch : wanted[k];
        if (bits === 0) continue;
        // The placebo potential outcome at the primary week: kept in the record.
        const placebo = k === PRIMARY_VISIT && (flags.allPlacebo || (arm === 0 && switchWeek !== switchWeek));
        if (placebo && (bits & ~lat[lo + RecordSlot.placeboPrimaryKnown]) === 0) {
          copyMeasures(bits, lat, lo + RecordSlot.placeboPrimary, cols, o + k);
          continue;
        }
        if (!pt.ready) setResponse(r, pt);
        const start = arm === 1 ? 0 : switchWeek < t ? switchWeek : PRODERM_PRIMARY_WEEK;
        writeVisit(tc, pt, k, t, start, bits, cols, o + k);
        if (placebo) {
          keepMeasures(bits, cols, o + k, lat, lo + RecordSlot.placeboPrimary);
          lat[lo + RecordSlot.placeboPrimaryKnown] = lat[lo + RecordSlot.placeboPrimaryKnown] | bits;
        }
      }
    };
    return (patients, row, cohort): void => {
      const arm = patients.arm[row];
      const dropoutWeek = patients.dropoutWeek[row];
      const base = patients.base;
      const bo = row * measures;
      beginPatient(r, pt, patients.latent, row * width, base, bo);
      if (cohort.measures !== bound) bindColumns((bound = cohort.measures), cols);
      const visits = cohort.visits;
      const o = row * visits.length;
      copyMeasures(ALL_MEASURES, base, bo, cols, o); // week 0 (TIS: NaN, it has none)
      const deteriorated = deterioration(arm, dropoutWeek, visits);
      const switchWeek = events.switchWeekOf(arm, crossover, deteriorated, PRODERM_PRIMARY_WEEK);
      visitsAfterBaseline(arm, switchWeek, dropoutWeek, visits, o);
      cohort.crossoverWeek[row] = switchWeek;
      cohort.deteriorationWeek[row] = deteriorated;
    };
  };
}

/**
 * A patient's potential outcome under one regime, IVIg from week `start` (0:
 * IVIg throughout; the primary week: placebo, then the extension; a switch
 * week), at every visit of `visits`, with no dropout: out[m * V + k].
 */
export function potentialOutcomes(r: ResponseParams, tc: TimeCourse): PotentialOutcomesFn {
  const pt = newPatient();
  const cols = columnsScratch();
  return (lat, lo, base, bo, start, visits, out) => {
    const V = visits.length;
    beginPatient(r, pt, lat, lo, base, bo);
    setResponse(r, pt);
    for (let m = 0; m < MEASURES; m++) cols[m] = out.subarray(m * V, (m + 1) * V);
    copyMeasures(ALL_MEASURES, base, bo, cols, 0);
    for (let k = 1; k < V; k++) writeVisit(tc, pt, k, visits[k], start, ALL_MEASURES, cols, k);
  };
}
