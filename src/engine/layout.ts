// The fixed-width record one replicate reduces to: the contract between the
// analysis layer (which fills it) and the engine (which accumulates it).
// Nothing per-patient leaves a worker; only these numbers do.
//
//   replicate record = [ analysis 0 | its strata ... | analysis 1 | its strata ... | ...
//                        | tail of analysis 0 | tail of analysis 1 | ... | trial ]
//
// The tails and the trial block were added after the first layout, at the
// end so that the slots before them kept their places: the direction of
// each test's rejection (power counts only those towards benefit) and the
// planning counts (patients analysed per arm; screened, enrolled, dropped
// out and switched per trial). A kernel that does not write them leaves
// them NaN: its rejections then count as power, and the counts are absent.
//
// Every slot is a plain number. Flags are 0/1. A slot that is not estimable in
// this replicate holds NaN and its `estimable` flag is 0 with a reason code, so
// accumulators skip it and count the reason instead of averaging a NaN. An
// analysis' test (p, reject, rejectAdjusted) stands apart from its estimate:
// written whenever the test is defined, p NaN and no rejection when it is not.
import { NOT_ESTIMABLE, type NotEstimableReason } from '../stats/result.js';

/** Per-analysis slots, in order. */
export const ANALYSIS_FIELDS = [
  'estimable', // 1 when the analysis produced an estimate (and its interval)
  'reason', // REASON_CODES index: why the estimate is missing or, when it is there, why the test is; -1 when both are there
  'estimate', // treatment − control effect estimate (LS-mean difference, risk difference, ...)
  'se', // its model-based standard error
  'ciLower', // CI at the analysis' confidence level (95% unless the scenario says otherwise)
  'ciUpper',
  'p', // p-value of the analysis' test (sidedness as the scenario says), whenever the test is defined, estimable or not; NaN without a test
  'reject', // 1 when p < alpha (unadjusted)
  'rejectAdjusted', // 1 when rejected after the scenario's multiplicity procedure (= reject when none)
  'interactionEstimable', // arm × stratum interaction test, when the analysis has strata; else 0
  'interactionP',
  'interactionReject',
] as const;
export type AnalysisField = (typeof ANALYSIS_FIELDS)[number];
export const ANALYSIS_WIDTH = ANALYSIS_FIELDS.length;
export const A = Object.fromEntries(ANALYSIS_FIELDS.map((f, i) => [f, i])) as { readonly [K in AnalysisField]: number };

/** Per-stratum slots (treatment − control within a baseline stratum), in order. */
export const STRATUM_FIELDS = [
  'estimable',
  'reason',
  'n0', // patients analysed in the control arm of this stratum
  'n1', // ... and in the treatment arm
  'estimate',
  'se',
  'ciLower',
  'ciUpper',
  'excludesZero', // 1 when the stratum CI excludes 0
] as const;
export type StratumField = (typeof STRATUM_FIELDS)[number];
export const STRATUM_WIDTH = STRATUM_FIELDS.length;
export const S = Object.fromEntries(STRATUM_FIELDS.map((f, i) => [f, i])) as { readonly [K in StratumField]: number };

/** Per-analysis slots after all analyses and strata, in order. */
export const TAIL_FIELDS = [
  'benefitSide', // 1 when a rejection by this test is towards benefit (always, for a one-sided test; for a two-sided one, the observed difference lies on the benefit side), else 0
  'rejectHarm', // 1 when a two-sided test rejects with the observed difference on the harmful side (unadjusted); `reject` is then 0
  'rejectHarmAdjusted', // the same after the multiplicity procedure
  'n0', // patients analysed in the control arm (an endpoint value after the rules)
  'n1', // ... and in the treatment arm
] as const;
export type TailField = (typeof TAIL_FIELDS)[number];
export const TAIL_WIDTH = TAIL_FIELDS.length;
export const T = Object.fromEntries(TAIL_FIELDS.map((f, i) => [f, i])) as { readonly [K in TailField]: number };

/** Per-trial slots at the very end of the record, in order. */
export const TRIAL_FIELDS = [
  'screened', // patients screened to enrol the trial (more than enrolled under an eligibility rule)
  'enrolled0', // patients randomized to control
  'enrolled1', // ... to treatment
  'dropouts0', // control patients who dropped out at or before the last analysis week
  'dropouts1', // ... treatment patients
  'switches', // patients switched to the other arm before the last analysis week
  'stops0', // control patients who stopped the randomized treatment (design.discontinuation) before the last analysis week, as seen
  'stops1', // ... treatment patients
] as const;
export type TrialField = (typeof TRIAL_FIELDS)[number];
export const TRIAL_WIDTH = TRIAL_FIELDS.length;
export const P = Object.fromEntries(TRIAL_FIELDS.map((f, i) => [f, i])) as { readonly [K in TrialField]: number };

/** Reason codes written into `reason` slots: indices into this list. */
export const REASON_CODES: readonly NotEstimableReason[] = Object.values(NOT_ESTIMABLE);
export function reasonCode(reason: NotEstimableReason): number {
  return REASON_CODES.indexOf(reason);
}

export interface AnalysisLayout {
  /** The analysis id from the scenario. */
  id: string;
  /** Offset of this analysis' ANALYSIS_FIELDS block in the record. */
  offset: number;
  /** Stratum blocks of STRATUM_WIDTH slots each, with their labels (e.g. "(0,6]"). */
  strata: { label: string; offset: number }[];
  /** Offset of this analysis' TAIL_FIELDS block (after every analysis and stratum block); absent in a kernel's own layout without it. */
  tail?: number;
}

export interface ReplicateLayout {
  analyses: AnalysisLayout[];
  /** Offset of the TRIAL_FIELDS block, the last of the record; absent in a kernel's own layout without it. */
  trial?: number;
  width: number;
  /** A group-sequential design's block (after the analyses), when the design has interim looks. */
  sequential?: SequentialLayout;
  /** A success criterion's block (after everything else), when the scenario has one (model.prior or success). */
  assurance?: AssuranceLayout;
}

/** Lay out analyses with the given numbers of strata back to back. */
export function buildLayout(analyses: readonly { id: string; strata: readonly string[] }[]): ReplicateLayout {
  let offset = 0;
  const out: AnalysisLayout[] = [];
  for (const a of analyses) {
    const own = offset;
    offset += ANALYSIS_WIDTH;
    const strata = a.strata.map((label) => {
      const o = offset;
      offset += STRATUM_WIDTH;
      return { label, offset: o };
    });
    out.push({ id: a.id, offset: own, strata });
  }
  for (const a of out) {
    a.tail = offset;
    offset += TAIL_WIDTH;
  }
  const trial = offset;
  offset += TRIAL_WIDTH;
  return { analyses: out, trial, width: offset };
}

// ---- a group-sequential design's block -------------------------------------------
//
//   [ ... analyses ... | SEQUENTIAL_FIELDS | look 1: LOOK_FIELDS | look 2 | ... ]
//
// Written by src/analysis/sequential.ts for the analysis the looks run.

/** Why the trial ended: crossed the efficacy bound (at an interim or the final look), stopped for futility at an interim, or reached the final look without crossing. */
export const STOP_REASONS = ['efficacy', 'futility', 'final'] as const;
export type StopReason = (typeof STOP_REASONS)[number];
export const STOP = Object.fromEntries(STOP_REASONS.map((r, i) => [r, i])) as { readonly [K in StopReason]: number };

export const SEQUENTIAL_FIELDS = [
  'stage', // look the trial stopped at (0-based index into the design's looks)
  'reason', // STOP_REASONS index
  'reject', // 1 when H0 was rejected as run (futility stops the trial)
  'rejectIgnoringFutility', // 1 when an efficacy bound was crossed at some look, non-binding futility ignored
  'nAnalysed', // patients analysed at the stop (at the endpoint's week by then)
  'nEnrolled', // patients enrolled by the stop (the analysed and the pipeline)
  'month', // calendar month of the stop
  'estimate', // the analysis' estimate at the stop
  'duration', // calendar month of the final look (every patient at the endpoint's week)
] as const;
export type SequentialField = (typeof SEQUENTIAL_FIELDS)[number];
export const SEQUENTIAL_WIDTH = SEQUENTIAL_FIELDS.length;
export const Q = Object.fromEntries(SEQUENTIAL_FIELDS.map((f, i) => [f, i])) as { readonly [K in SequentialField]: number };

export const LOOK_FIELDS = [
  'month', // calendar month of the look
  'information', // observed information fraction: patients analysed at the look / at the final look
  'z', // z of the look's one-sided p in the direction of benefit (NaN: not analysed, after the stop, or no test)
] as const;
export type LookField = (typeof LOOK_FIELDS)[number];
export const LOOK_WIDTH = LOOK_FIELDS.length;
export const L = Object.fromEntries(LOOK_FIELDS.map((f, i) => [f, i])) as { readonly [K in LookField]: number };

export interface SequentialLayout {
  /** Index of the analysis the looks run. */
  analysis: number;
  /** Looks, the final one included. */
  looks: number;
  /** Offset of the SEQUENTIAL_FIELDS block; look k's LOOK_FIELDS follow at offset + SEQUENTIAL_WIDTH + k LOOK_WIDTH. */
  offset: number;
}

/** The layout with a group-sequential block of `looks` looks for analysis `analysis` appended. */
export function withSequential(layout: ReplicateLayout, analysis: number, looks: number): ReplicateLayout {
  return { ...layout, width: layout.width + SEQUENTIAL_WIDTH + looks * LOOK_WIDTH, sequential: { analysis, looks, offset: layout.width } };
}

/** Offset of look k's block. */
export function lookOffset(s: SequentialLayout, k: number): number {
  return s.offset + SEQUENTIAL_WIDTH + k * LOOK_WIDTH;
}

// ---- a design prior's block (assurance) ------------------------------------------
//
//   [ ... | ASSURANCE_FIELDS ]
//
// Written by src/analysis/assurance.ts when the scenario has a success
// criterion (model.prior or success): the replicate's effect θ drawn from
// the prior (NaN without a prior: the effect is fixed) and whether the trial
// succeeded (the criterion's analysis rejects towards benefit, its estimate
// beyond the threshold when one is set).

export const ASSURANCE_FIELDS = [
  'theta', // the replicate's true effect drawn from the prior (NaN: a fixed effect)
  'success', // 1 when the trial succeeded by the criterion, else 0
] as const;
export type AssuranceField = (typeof ASSURANCE_FIELDS)[number];
export const ASSURANCE_WIDTH = ASSURANCE_FIELDS.length;
export const U = Object.fromEntries(ASSURANCE_FIELDS.map((f, i) => [f, i])) as { readonly [K in AssuranceField]: number };

export interface AssuranceLayout {
  /** Index of the analysis the success criterion reads. */
  analysis: number;
  /** Offset of the ASSURANCE_FIELDS block. */
  offset: number;
  /** Interior edges of the θ bins the conditional power is tallied in, ascending (empty: one bin, or no prior). */
  edges: number[];
  /** Success also needs the estimate beyond this (null: significance alone). */
  estimateBeyond: number | null;
}

/** The layout with an assurance block appended. */
export function withAssurance(layout: ReplicateLayout, analysis: number, edges: readonly number[], estimateBeyond: number | null): ReplicateLayout {
  return { ...layout, width: layout.width + ASSURANCE_WIDTH, assurance: { analysis, offset: layout.width, edges: [...edges], estimateBeyond } };
}
