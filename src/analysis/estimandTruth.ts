// The true value of an analysis' estimand (issue 13, item 4), from the
// potential outcomes: each patient of the truth's population is followed
// under both arms' regimes with no dropout (the control arm's with the
// switch rule as designed, and, for a hypothetical strategy, in the world
// without that event: no switch, or nobody stopping treatment),
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
import { stratumOf } from './strata.js';
import type { TruthValue } from '../engine/truth.js';

/** Which events a potential-outcome world removes: bit 1 the switch, bit 2 the discontinuation (a hypothetical strategy's world). */
const NO_SWITCH = 1;
const NO_STOP = 2;

/** One world's trial and the cohorts of its two regimes. */
interface World {
  readonly trial: CompiledTrial;
  readonly control: Cohort;
  readonly treated: Cohort;
}

/** A population's potential-outcome trials and their buffers. */
export interface EstimandPopulation {
  /** By NO_SWITCH | NO_STOP: the worlds the analyses' estimands need (world 0, the design's, always). */
  readonly worlds: readonly (World | null)[];
  readonly draws: TrialDraws;
  readonly y0: Float64Array;
  readonly y1: Float64Array;
  readonly b: Float64Array;
}

/** The design with nobody lost (the estimand is about every randomized patient). */
function noDropout(design: DesignSpec): DesignSpec {
  const { outcomeDropout: _, ...rest } = design;
  return { ...rest, dropout: { beforePrimary: 0, afterPrimary: 0 } };
}

/** The world an analysis' truth is computed in: without each event its estimand handles hypothetically. */
function worldOf(a: AnalysisSpec): number {
  const e = a.estimand;
  if (e === undefined) return 0;
  return (e.switch === 'hypothetical' ? NO_SWITCH : 0) | (e.discontinuation === 'hypothetical' ? NO_STOP : 0);
}

/** The trials of `trial`'s population (the analysed visits, `chunk` patients) without dropout; null when no analysis has an estimand. */
export function estimandPopulation(trial: CompiledTrial, analyses: readonly AnalysisSpec[], chunk: number): EstimandPopulation | null {
  if (!analyses.some((a) => a.estimand !== undefined)) return null;
  const visits = trial.visits;
  const options = { throughWeek: visits[visits.length - 1], needs: valueNeeds(analyses, trial.model.measureIds, visits), sampleSize: chunk };
  const design = noDropout(trial.design);
  const wanted = new Set([0, ...analyses.filter((a) => a.estimand !== undefined).map(worldOf)]);
  const worlds = [0, 1, 2, 3].map((w): World | null => {
    if (!wanted.has(w)) return null;
    const { discontinuation: _, ...noStop } = design;
    const t = w === 0 ? withDesign(trial, design, options) : withDesign(trial, { ...(w & NO_STOP ? noStop : design), ...(w & NO_SWITCH ? { crossover: false } : {}) }, options);
    return { trial: t, control: t.newCohort(), treated: t.newCohort() };
  });
  const draws = worlds[0]!.trial.newDraws();
  return { worlds, draws, y0: new Float64Array(chunk), y1: new Float64Array(chunk), b: new Float64Array(chunk) };
}

/** The estimand's rules in its world: an event its strategy removes is not there, so nothing is done about it. */
function inWorld(a: AnalysisSpec): EstimandRules {
  const e = estimandRules(a.estimand!);
  return {
    strategy: e.strategy === StrategyCode.hypothetical ? StrategyCode.treatmentPolicy : e.strategy,
    stop: e.stop === StrategyCode.hypothetical ? StrategyCode.treatmentPolicy : e.stop,
    worst: e.worst,
  };
}

/**
 * Chunk c of the population: every patient's treatment − control difference
 * of each estimand analysis' variable into ys[a] from `at`, and, when `bs` is
 * given, the patient's baseline of the endpoint's measure into bs[a] (NaN
 * where the difference is: the strata of the truth); returns the patients
 * added.
 */
export function gatherEstimands(pop: EstimandPopulation, analyses: readonly AnalysisSpec[], seed: number, c: number, ys: Float64Array[], at: number, bs?: Float64Array[]): number {
  const { draws, worlds } = pop;
  worlds[0]!.trial.draw(streamFor(seed, c, 'truth-patients'), streamFor(seed, c, 'truth-allocation'), draws);
  // Each world's two regimes, from the same patients (the same draws).
  for (const w of worlds) {
    if (w === null) continue;
    draws.arm.fill(0);
    w.trial.fromDraws(draws, w.control);
    draws.arm.fill(1);
    w.trial.fromDraws(draws, w.treated);
  }
  const n = worlds[0]!.treated.n;
  analyses.forEach((a, j) => {
    if (a.estimand === undefined) return;
    const rules = endpointRules(a.endpoint);
    const w = worlds[worldOf(a)]!;
    const est = inWorld(a);
    const out = ys[j];
    const base = bs?.[j];
    if (deriveEstimand(w.control, rules, est, pop.y0, pop.b) < 0 || deriveEstimand(w.treated, rules, est, pop.y1, pop.b) < 0) {
      out.fill(NaN, at, at + n);
      base?.fill(NaN, at, at + n);
      return;
    }
    for (let i = 0; i < n; i++) out[at + i] = pop.y1[i] - pop.y0[i];
    // The same patient's baseline under both regimes (the same draws).
    if (base !== undefined) for (let i = 0; i < n; i++) base[at + i] = out[at + i] === out[at + i] ? pop.b[i] : NaN;
  });
  return n;
}

/**
 * Per baseline stratum (stratumOf by `cuts` of `base`, the strata measure's
 * baseline), the mean and standard error of the differences of the patients
 * in it, as estimandTruthValue; null for a stratum with fewer than two.
 */
export function estimandStratumTruths(d: Float64Array, base: Float64Array, cuts: readonly number[], n: number): (TruthValue | null)[] {
  const K = cuts.length - 1;
  const m = new Float64Array(K);
  const s = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const v = d[i];
    const k = stratumOf(base[i], cuts);
    if (v !== v || k < 0) continue;
    m[k]++;
    s[k] += v;
  }
  const ss = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const v = d[i];
    const k = stratumOf(base[i], cuts);
    if (v !== v || k < 0) continue;
    const e = v - s[k] / m[k];
    ss[k] += e * e;
  }
  return Array.from({ length: K }, (_, k) => (m[k] < 2 ? null : { value: s[k] / m[k], se: Math.sqrt(ss[k] / (m[k] - 1) / m[k]) }));
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
