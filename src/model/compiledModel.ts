// What a model compiles to: set-up work (tables, Cholesky factors, solved
// effect shifts) done once per spec, and the hot functions the trial loop
// calls per patient, in two stages: from the patient's block of uniforms,
// its baseline and its record (what does not depend on the treatment
// effect), then from the record its observed values.
import type { Cohort } from './cohort.js';

/** A trial's patients as a model's values function reads them (the trial's draws). */
export interface PatientRecords {
  /** Patient i's record (ModelSplit.latents) at latent[i * width ..]. */
  readonly latent: Float64Array;
  /** Patient i's week-0 values at base[i * measures ..]. */
  readonly base: Float64Array;
  readonly arm: Uint8Array;
  /** The first visit week not observed (NaN: completes). */
  readonly dropoutWeek: Float64Array;
}

/** How a trial lays out its patients (PatientRecords), and whether its switch rule is on. */
export interface TrialLayout {
  readonly width: number;
  readonly measures: number;
  readonly crossover: boolean;
}

/**
 * Writes patient i's row of the cohort (the visits of cohort.visits) from
 * its records, given its arm and dropout week; sets crossoverWeek and
 * deteriorationWeek.
 */
export type ValuesFn = (patients: PatientRecords, i: number, cohort: Cohort) => void;

/**
 * A patient's potential outcome under the regime with treatment from week
 * `start` (0: treatment throughout; a later week: control until then), at
 * every visit of `visits` with no dropout, from its record and baseline:
 * out[m * visits.length + k] for measure m (cohort order).
 */
export type PotentialOutcomesFn = (lat: Float64Array, lo: number, base: Float64Array, bo: number, start: number, visits: readonly number[], out: Float64Array) => void;

/**
 * The trial's intercurrent-event mechanisms, which a model's values function
 * applies to the patient's trajectory (src/design/switchRule.ts): handed in
 * by the trial, so that the model does not depend on the design.
 */
export interface IntercurrentEvents {
  /** The week of confirmed deterioration: the first visit in [first, end) worse, with the one before (worse(k) read lazily); NaN: none. */
  confirmedDeterioration(visits: ArrayLike<number>, first: number, end: number, worse: (k: number) => boolean): number;
  /** The week the patient switches to the other treatment, or NaN. */
  switchWeekOf(arm: number, crossover: boolean, deteriorationWeek: number, primaryWeek: number): number;
}

export interface ModelSplit {
  /** Length of a patient's latent record when the visits run to visits[nVisits - 1]. */
  latentWidth(nVisits: number): number;
  /**
   * The patient's uniforms from this index on (the visit noise) are kept in
   * the latent record as drawn, at out[o + rawAt ..]: the trial draws them
   * there directly, and latents reads u[0 .. rawFrom) only.
   */
  readonly rawFrom: number;
  readonly rawAt: number;
  /** The latent record of the patient with uniforms u into out[o ..] but its raw part; independent of the treatment effect. */
  latents(u: Float64Array, out: Float64Array, o: number): void;
  /**
   * Values from latent records: only those in `needs` (null: all), each as
   * outcomes computes it; baseline, switch, deterioration and dropout as
   * always. The function writes every value `needs` marks (NaN when the
   * patient is not observed there), week 0 of every measure (NaN for a
   * measure without one) and, for a switched patient, the switch visit's
   * values of `needs.atSwitch`: the trial does not clear the cohort first, so
   * the other cells hold whatever an earlier trial left, and nothing reads them.
   */
  valuesFor(needs: ValueNeeds | null, events: IntercurrentEvents, layout: TrialLayout): ValuesFn;
  /** The potential outcomes behind valuesFor, one regime at a time. */
  readonly potentialOutcomes?: PotentialOutcomesFn;
}

/** The values a caller reads (a kernel: those its analyses read); the others may be left missing. */
export interface ValueNeeds {
  /** Visits described (a prefix of the cohort's visits). */
  readonly nVisits: number;
  /** measureIds.length × nVisits, row-major by measure: 1 = the value at that visit is read. Week 0 is always written. */
  readonly at: Uint8Array;
  /** Per measure: 1 = the value at a switched patient's switch visit is read (LOCF after a switch). */
  readonly atSwitch: Uint8Array;
}

export interface CompiledModel {
  readonly kind: 'proderm' | 'parametric';
  /** Arm 0 and arm 1 names for reports. */
  readonly armLabels: readonly [string, string];
  /** Measure ids in cohort order. */
  readonly measureIds: readonly string[];
  /** Measures with a week-0 value (what eligibility rules and strata can use). */
  readonly baselineMeasures: readonly string[];
  /** The model's full visit schedule in weeks, [0, ...]. */
  readonly fullVisits: readonly number[];
  /** The week of the primary comparison (dropout "before" means missing it). */
  readonly primaryWeek: number;
  /** Calibrated dropout probabilities [before primary, after primary]. */
  readonly defaultDropout: readonly [number, number];
  /** Whether the model has a confirmed-deterioration switch rule. */
  readonly supportsCrossover: boolean;
  /** Uniforms drawn per screened patient when the visits run to visits[nVisits - 1]. */
  drawsPerPatient(nVisits: number): number;
  /** Index, within a patient's uniforms, of the one that decides dropout. */
  readonly dropoutDraw: number;
  /** Week-0 value of every measure (cohort order; NaN where a measure has none) from the patient's uniforms. */
  baseline(u: Float64Array, out: Float64Array): void;
  /**
   * Everything the patients' baselines and latents depend on (the parameters
   * but the effect scale): models with the same key draw the same patients
   * from the same streams.
   */
  readonly drawsKey: string;
  /**
   * A patient's values in two steps: `latents` (its record: what does not
   * depend on the treatment effect, so two models that differ only in the
   * effect share it) and `valuesFor(needs)` from it.
   */
  readonly split: ModelSplit;
  /**
   * ProDERM: a mutable per-model slot of the week-16 response of one measure,
   * for a design prior's replicates (src/analysis/assurance.ts): its
   * placebo means moved by `placebo` (NaN: as compiled) and IVIg's by
   * `ivig`, both from the compiled parameters. The model then generates
   * exactly what compileProderm of the shifted parameters would; the
   * patients' records do not depend on it. Absent for the parametric model.
   */
  readonly setResponseShift?: (measure: string, placebo: number, ivig: number) => void;
  /**
   * Parametric: a mutable per-model slot of one normal endpoint's true means
   * (control, treatment), for a design prior's replicates: the model then
   * generates exactly what compileParametric with those means would. Absent
   * for ProDERM.
   */
  readonly setNormalMeans?: (endpoint: string, control: number, treatment: number) => void;
}

/**
 * One patient's values straight from its block of uniforms (`u`, the
 * model's full schedule) and baseline, through the model's two stages, into
 * row 0 of `cohort`: for a look at one patient (tests), not for the trial loop.
 */
export function patientOutcomes(model: CompiledModel, events: IntercurrentEvents): (u: Float64Array, base: Float64Array, arm: number, dropoutWeek: number, crossover: boolean, cohort: Cohort) => void {
  const { split } = model;
  const M = model.measureIds.length;
  const one = { latent: new Float64Array(split.latentWidth(model.fullVisits.length)), base: new Float64Array(M), arm: new Uint8Array(1), dropoutWeek: new Float64Array(1) };
  const values = [false, true].map((crossover) => split.valuesFor(null, events, { width: one.latent.length, measures: M, crossover }));
  return (u, base, arm, dropoutWeek, crossover, cohort) => {
    split.latents(u, one.latent, 0);
    const raw = model.drawsPerPatient(cohort.visits.length) - split.rawFrom;
    for (let j = 0; j < raw; j++) one.latent[split.rawAt + j] = u[split.rawFrom + j];
    one.base.set(base.subarray(0, M));
    one.arm[0] = arm;
    one.dropoutWeek[0] = dropoutWeek;
    values[+crossover](one, 0, cohort);
  };
}
