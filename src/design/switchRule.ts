import type { IntercurrentEvents } from '../model/compiledModel.js';

// Intercurrent events of the ProDERM design (docs/model.md §2.4): confirmed
// deterioration, and the switch of a deteriorated placebo patient to IVIg.
// Mechanisms of the trial, not of the model: they see only whether the
// patient's observed trajectory is worse than baseline at a visit (the
// model's definition of worse, read lazily), and the randomized arm.

/**
 * The week of confirmed deterioration: the first visit j in [first, end) such
 * that the patient is worse at visits j - 1 and j (two consecutive visits),
 * or NaN. `worse(k)` is asked about each visit at most once and only as
 * needed: a visit that is not worse rules out both pairs it belongs to, so
 * usually only every other visit is read. A visit not observed is not worse.
 */
export function confirmedDeterioration(visits: ArrayLike<number>, first: number, end: number, worse: (k: number) => boolean): number {
  let j = first;
  let testPrevious = false; // false: test visit j; true: visit j - 1 (j is worse)
  let previousWorse = false; // visit j - 1 is known worse
  while (j < end) {
    const k = testPrevious ? j - 1 : j;
    const w = worse(k);
    if (testPrevious) {
      if (w) return visits[j];
      j += 1; // pair (j - 1, j) fails; visit j, worse, opens the next one
      testPrevious = false;
      previousWorse = true;
    } else if (!w) {
      j += 2; // neither pair (j - 1, j) nor (j, j + 1) can confirm
      previousWorse = false;
    } else if (previousWorse) {
      return visits[j];
    } else {
      testPrevious = true;
    }
  }
  return NaN;
}

/**
 * The switch rule: with the crossover rule on, a placebo patient (arm 0) with
 * deterioration confirmed before the primary week switches to IVIg at that
 * visit (IVIg acts from the next visit on); NaN: no switch. From the primary
 * week everyone takes IVIg, so a later deterioration switches no one.
 */
export function switchWeekOf(arm: number, crossover: boolean, deteriorationWeek: number, primaryWeek: number): number {
  return arm === 0 && crossover && deteriorationWeek < primaryWeek ? deteriorationWeek : NaN;
}

/** The two, as the trial hands them to the model (ModelSplit.valuesFor). */
export const SWITCH_RULE: IntercurrentEvents = { confirmedDeterioration, switchWeekOf };
