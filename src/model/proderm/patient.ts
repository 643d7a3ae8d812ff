// A ProDERM patient's draws and record (docs/model.md §2.7).
//
// Per screened patient, a fixed block of uniforms from the patients stream,
// each turned into at most one normal (inverseNormalFast: exact in the tails,
// within 1e-5 elsewhere):
//   [0..4]   baseline latents  -> Gaussian copula -> CDASI-A, CDASI-D, cutaneous VAS, extramuscular VAS, MMT-8
//   [5..10]  response latents  -> Gaussian copula -> TIS, MMT-8, CDASI-A, extramuscular VAS, cutaneous VAS, CDASI-D
//   [11]     dropout (design/dropout.ts)
//   [12 + 6 j + m]  visit noise of measure m at the j-th visit other than weeks 0 and 16
//
// An enrolled patient's record (ModelSplit.latents), the same for every
// effect scale: the six correlated response latents; then the patient's
// placebo potential outcome where the trial reads it, computed lazily by the
// first trial of these draws that needs it and read by the others (a design
// and its null run, the effect sizes of a sweep: common random numbers by
// construction): the week of confirmed deterioration on placebo, and the six
// values at the primary week with a bit per value known; then the visit noise.

/** The measures in cohort order (PRODERM_MEASURE_IDS): index m, bit 1 << m in a set of measures. */
export const Measure = { cdasiA: 0, cdasiD: 1, cutVas: 2, extVas: 3, mmt8: 4, tis: 5 } as const;
export const MEASURES = 6;
/** Every measure, as a set of bits. */
export const ALL_MEASURES = (1 << MEASURES) - 1;
export const bitOf = (m: number): number => 1 << m;

/** The response latents' order in the copula (the change correlation matrix, prodermParams.ts). */
export const ResponseLatent = { tis: 0, mmt8: 1, cdasiA: 2, extVas: 3, cutVas: 4, cdasiD: 5 } as const;

/** The patient's uniforms. */
export const Draw = { baseline: 0, response: 5, dropout: 11, noise: 12 } as const;

/** The patient's record. */
export const RecordSlot = {
  response: 0,
  /** Week of confirmed deterioration on placebo (NaN: none; NOT_YET_KNOWN). */
  placeboDeterioration: 6,
  /** The six placebo values at the primary week, in measure order. */
  placeboPrimary: 7,
  /** Bits of the placebo primary-week values known. */
  placeboPrimaryKnown: 13,
  /** Visit noise uniforms as drawn: lat[noise + 6 j + m]. */
  noise: 14,
} as const;

/** A lazily computed record value not computed yet (a deterioration week is a week or NaN). */
export const NOT_YET_KNOWN = -1;
