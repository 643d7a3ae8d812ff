// The true value of an analysis' estimand (issue 13, item 4), from the
// potential outcomes: each patient of the truth's population is followed
// under both arms' regimes with no dropout (the control arm's with the
// switch rule as designed, and, for the hypothetical strategy, without it),
// the estimand's variable is derived under each (analysis/estimand.ts), and
// the truth is the mean over patients of treatment − control, with its
// standard error sd/√n. With no treatment effect the two regimes give every
// patient the same values, so every estimand's truth is exactly 0.
//
// The per-patient differences are what a chunk contributes (TruthPart.ys of
// the analysis), so chunks gathered on different workers join as before.
import { streamFor } from '../random/stream.js';
import type { Cohort } from '../model/cohort.js';
import { withDesign, type CompiledTrial, type TrialDraws } from '../design/trial.js';
import type { DesignSpec } from '../design/designSpec.js';
import { endpointRules } from './endpoint.js';
import { deriveEstimand, estimandRules, StrategyCode, type EstimandRules } from './estimand.js';
import type { AnalysisSpec } from './spec.js';
import { valueNeeds } from './valueNeeds.js';
import type { TruthValue } from '../engine/truth.js';

/** A population's potential-outcome trials and their buffers. */
export interface EstimandPopulation {
  readonly withSwitch: CompiledTrial;
  readonly withoutSwitch: CompiledTrial;
  readonly draws: TrialDraws;
  readonly control: Cohort;
  readonly controlNoSwitch: Cohort;
  readonly treated: Cohort;
  readonly y0: Float64Array;
  readonly y1: Float64Array;
  readonly b: Float64Array;
}

/** The design with nobody lost (the estimand is about every randomized patient). */
function noDropout(design: DesignSpec): DesignSpec {
  const { outcomeDropout: _, ...rest } = design;
  return { ...rest, dropout: { beforePrimary: 0, afterPrimary: 0 } };
}

/** The trials of `trial`'s population (the analysed visits, `chunk` patients) without dropout; null when no analysis has an estimand. */
export function estimandPopulation(trial: CompiledTrial, analyses: readonly AnalysisSpec[], chunk: number): EstimandPopulation | null {
  if (!analyses.some((a) => a.estimand !== undefined)) return null;
  const visits = trial.visits;
  const options = { throughWeek: visits[visits.length - 1], needs: valueNeeds(analyses, trial.model.measureIds, visits), sampleSize: chunk };
  const design = noDropout(trial.design);
  const withSwitch = withDesign(trial, design, options);
  const withoutSwitch = withDesign(trial, { ...design, crossover: false }, options);
  return {
    withSwitch,
    withoutSwitch,
    draws: withSwitch.newDraws(),
    control: withSwitch.newCohort(),
    controlNoSwitch: withoutSwitch.newCohort(),
    treated: withSwitch.newCohort(),
    y0: new Float64Array(chunk),
    y1: new Float64Array(chunk),
    b: new Float64Array(chunk),
  };
}

const TREATMENT_POLICY: EstimandRules = { strategy: StrategyCode.treatmentPolicy, worst: NaN };

/**
 * Chunk c of the population: every patient's treatment − control difference
 * of each estimand analysis' variable into ys[a] from `at`; returns the
 * patients added.
 */
export function gatherEstimands(pop: EstimandPopulation, analyses: readonly AnalysisSpec[], seed: number, c: number, ys: Float64Array[], at: number): number {
  const { draws } = pop;
  pop.withSwitch.draw(streamFor(seed, c, 'truth-patients'), streamFor(seed, c, 'truth-allocation'), draws);
  draws.arm.fill(0);
  const control = pop.withSwitch.fromDraws(draws, pop.control);
  const anyHypothetical = analyses.some((a) => a.estimand?.switch === 'hypothetical');
  const controlNoSwitch = anyHypothetical ? pop.withoutSwitch.fromDraws(draws, pop.controlNoSwitch) : control;
  draws.arm.fill(1);
  const treated = pop.withSwitch.fromDraws(draws, pop.treated);
  const n = treated.n;
  analyses.forEach((a, j) => {
    if (a.estimand === undefined) return;
    const rules = endpointRules(a.endpoint);
    const hypothetical = a.estimand.switch === 'hypothetical';
    // The hypothetical strategy's variable: the value had nobody switched.
    const est = hypothetical ? TREATMENT_POLICY : estimandRules(a.estimand);
    const out = ys[j];
    if (deriveEstimand(hypothetical ? controlNoSwitch : control, rules, est, pop.y0, pop.b) < 0 || deriveEstimand(treated, rules, est, pop.y1, pop.b) < 0) {
      out.fill(NaN, at, at + n);
      return;
    }
    for (let i = 0; i < n; i++) out[at + i] = pop.y1[i] - pop.y0[i];
  });
  return n;
}

/** Mean and standard error of the differences (NaN: not analysed); null when none. */
export function estimandTruthValue(d: Float64Array, n: number): TruthValue | null {
  let m = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i];
    if (v !== v) continue;
    m++;
    s += v;
  }
  if (m < 2) return null;
  const mean = s / m;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i];
    if (v === v) ss += (v - mean) * (v - mean);
  }
  return { value: mean, se: Math.sqrt(ss / (m - 1) / m) };
}
