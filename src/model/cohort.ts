// The simulated trial record every model produces and every analysis reads:
// one row per enrolled patient, typed arrays only, so that a cohort crosses a
// worker boundary as plain data and the analysis never allocates per patient.

/** ProDERM's visit schedule in weeks: baseline, the blinded First Period to 16, the extension to 40. */
export const PRODERM_VISITS = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40] as const;

/** The primary analysis week of ProDERM (end of the placebo-controlled First Period). */
export const PRODERM_PRIMARY_WEEK = 16;

export interface MeasureInfo {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Resolution of the recorded value (1 = integer score, 0.1 = VAS read to the mm, 2.5 = TIS points). */
  readonly step: number;
  /** First visit week with a value (TIS is defined from week 4). */
  readonly firstWeek: number;
}

/** The ProDERM measures, in the order the cohort stores them. */
export const PRODERM_MEASURES = {
  cdasi_a: { label: 'CDASI activity', min: 0, max: 100, step: 1, firstWeek: 0 },
  cdasi_d: { label: 'CDASI damage', min: 0, max: 32, step: 1, firstWeek: 0 },
  cutaneous_vas: { label: 'MDAAT cutaneous disease activity VAS (cm)', min: 0, max: 10, step: 0.1, firstWeek: 0 },
  extramuscular_vas: { label: 'MDAAT extramuscular global activity VAS (cm)', min: 0, max: 10, step: 0.1, firstWeek: 0 },
  mmt8: { label: 'Manual muscle testing 8 (MMT-8)', min: 0, max: 150, step: 1, firstWeek: 0 },
  tis: { label: 'Total improvement score (TIS)', min: 0, max: 100, step: 2.5, firstWeek: 4 },
} as const satisfies Record<string, MeasureInfo>;

export type ProdermMeasureId = keyof typeof PRODERM_MEASURES;
export const PRODERM_MEASURE_IDS = Object.keys(PRODERM_MEASURES) as readonly ProdermMeasureId[];

export interface Cohort {
  n: number;
  /** Weeks of the visits, visits[0] = 0 = baseline. */
  visits: readonly number[];
  /** Randomized arm: 0 = placebo (control), 1 = IVIg (treatment). */
  arm: Uint8Array;
  /** Names of arm 0 and arm 1 in reports: ['placebo', 'ivig'] or ['control', 'treatment']. */
  armLabels: readonly [string, string];
  /** Randomization stratum index (0 when the design is not stratified). */
  stratum: Uint8Array;
  /** Week a placebo patient was switched to IVIg before week 16 (visits after it are under IVIg); NaN = not switched. */
  crossoverWeek: Float64Array;
  /**
   * Week confirmed deterioration was first met (the second of two consecutive
   * worsened visits), in either arm, whether or not it led to a switch; NaN =
   * none. The TIS responder definition needs it when the crossover rule is off.
   */
  deteriorationWeek: Float64Array;
  /** First visit week NOT observed because of dropout; NaN = completed. */
  dropoutWeek: Float64Array;
  /**
   * Treatment discontinuation (design.discontinuation), in either arm: the
   * week of the last visit on the randomized treatment (the visits after it
   * are off treatment); NaN = did not stop, or stopped unseen (after a
   * dropout). Absent in a cohort made without it (a sample CSV): nobody stopped.
   */
  stopWeek?: Float64Array;
  /** Per measure id, n × visits.length, row-major by patient; NaN = not observed. */
  measures: Record<string, Float64Array>;
  /** Patients screened to enrol these n (more than n under eligibility filters). */
  screened: number;
}

/** An empty cohort of n patients: NaN everywhere a value can be missing. */
export function allocateCohort(
  n: number,
  visits: readonly number[],
  measureIds: readonly string[],
  armLabels: readonly [string, string],
): Cohort {
  const measures: Record<string, Float64Array> = {};
  for (const id of measureIds) measures[id] = new Float64Array(n * visits.length).fill(NaN);
  return {
    n,
    visits,
    arm: new Uint8Array(n),
    armLabels,
    stratum: new Uint8Array(n),
    crossoverWeek: new Float64Array(n).fill(NaN),
    deteriorationWeek: new Float64Array(n).fill(NaN),
    dropoutWeek: new Float64Array(n).fill(NaN),
    stopWeek: new Float64Array(n).fill(NaN),
    measures,
    screened: 0,
  };
}

/** The first n patients of a cohort (a copy), for a screening run that enrolled fewer than planned. */
export function truncateCohort(c: Cohort, n: number): Cohort {
  const V = c.visits.length;
  const measures: Record<string, Float64Array> = {};
  for (const id of Object.keys(c.measures)) measures[id] = c.measures[id].slice(0, n * V);
  return {
    n,
    visits: c.visits,
    arm: c.arm.slice(0, n),
    armLabels: c.armLabels,
    stratum: c.stratum.slice(0, n),
    crossoverWeek: c.crossoverWeek.slice(0, n),
    deteriorationWeek: c.deteriorationWeek.slice(0, n),
    dropoutWeek: c.dropoutWeek.slice(0, n),
    ...(c.stopWeek !== undefined ? { stopWeek: c.stopWeek.slice(0, n) } : {}),
    measures,
    screened: c.screened,
  };
}
