// What a model compiles to: set-up work (tables, Cholesky factors, solved
// effect shifts) done once per spec, and two hot functions the trial loop
// calls per screened patient with that patient's block of uniforms.
import type { Cohort } from './cohort.js';

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
   * Writes patient `row` of the cohort (all visits in cohort.visits) given its
   * baseline, arm and dropout week; sets crossoverWeek and deteriorationWeek.
   */
  outcomes(u: Float64Array, base: Float64Array, arm: number, dropoutWeek: number, crossover: boolean, cohort: Cohort, row: number): void;
}
