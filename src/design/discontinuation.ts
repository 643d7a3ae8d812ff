// Treatment discontinuation (issue 13, item 1) as a mechanism of the trial:
// after each visit k the patient stops the randomized treatment with hazard
// expit(a + slope · x_k), x_k as for MAR dropout (outcomeDropout.ts): the
// change from baseline of `measure` seen at visit k (lack of improvement), or
// 1 once confirmed deterioration is known; a solved so that the expected share
// stopping before the primary week is `share`. From then on the patient
// follows the off-treatment regime: the randomized arm's effect wanes at the
// rate `waning` per week,
//
//   y_t = c_t + (y_t − c_t) · exp(−waning · (t − w))   for visits t > w,
//
// with c the patient's potential outcome under the control regime without the
// switch (placebo; in ProDERM's extension IVIg from the primary week) and w
// the last visit on treatment. A control patient who stops has nothing to
// wane. The decision reads a uniform of its own per patient, drawn from the
// allocation stream after the patient's arm only when the design has
// discontinuation (a design without it draws as before). The stop is
// recorded in either arm (cohort.stopWeek: the last visit on treatment), for
// the estimands' discontinuation strategy (analysis/estimand.ts).
import { parseOutcomeDropout, type OutcomeDropout } from './outcomeDropout.js';

export interface DiscontinuationSpec {
  /** Per arm [control, treatment]: mcar or mar (on change or deterioration). */
  readonly hazard: OutcomeDropout;
  /** Rate per week at which the treatment effect wanes after stopping (0: it stays; large: gone at the next visit). */
  readonly waning: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** design.discontinuation: {hazard: one mechanism or [control, treatment], waning}. */
export function parseDiscontinuation(x: unknown, where: string, errors: string[]): DiscontinuationSpec | null {
  if (!isRecord(x)) {
    errors.push(`${where}: expected {hazard, waning}`);
    return null;
  }
  for (const k of Object.keys(x)) if (k !== 'hazard' && k !== 'waning') errors.push(`${where}.${k}: unknown setting; known: hazard, waning`);
  const hazard = parseOutcomeDropout(x.hazard, `${where}.hazard`, errors);
  const waning = x.waning ?? 0;
  if (typeof waning !== 'number' || !(waning >= 0 && waning <= 100)) {
    errors.push(`${where}.waning: expected a rate per week in [0, 100] (got ${JSON.stringify(waning)})`);
    return null;
  }
  if (hazard === null) return null;
  hazard.forEach((arm, a) => {
    if (arm.mechanism === 'mnar') errors.push(`${where}.hazard${hazard[0] === hazard[1] ? '' : `[${a}]`}.mechanism: discontinuation reads what is seen (mcar or mar), not the hidden next value`);
  });
  return { hazard, waning };
}

/** Wanes row `row` of `col` after week w towards the control values `c` (same layout), at `rate` per week. */
export function wane(col: Float64Array, c: Float64Array, row: number, visits: readonly number[], w: number, rate: number): void {
  for (let k = 1; k < visits.length; k++) {
    const t = visits[k];
    if (!(t > w)) continue;
    const y = col[row + k];
    if (y !== y) continue;
    col[row + k] = c[row + k] + (y - c[row + k]) * Math.exp(-rate * (t - w));
  }
}
