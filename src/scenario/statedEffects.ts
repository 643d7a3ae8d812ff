// A scenario's `model.effects` (ProDERM): each measure's true mean difference,
// or a share of ProDERM's, in the design's population or everyone screened,
// solved into the model's IVIg parameters when the design point is compiled
// (src/model/statedEffects.ts does the arithmetic). The kernel then runs on
// plain parameters: nothing of this reaches the per-patient code.
//
// The design's population, with an eligibility rule, is a large sample of
// the eligible patients' baselines drawn from the model on a fixed stream
// (EFFECT_SAMPLE screened): the solved difference then carries that sample's
// Monte Carlo error, about 0.01 CDASI-A points for ProDERM's CDASI-A > 14
// (docs/scenarios.md). Without a rule it is exact.
import type { DesignSpec } from '../design/designSpec.js';
import { screeningSample, type ScreeningSample } from '../design/screening.js';
import type { CompiledModel } from '../model/compiledModel.js';
import type { ProdermParams } from '../model/prodermParams.js';
import {
  differenceSpread,
  modelCells,
  populationDifference,
  sampleCells,
  solveStatedEffect,
  STATED_EFFECT_MEASURES,
  type Cells,
  type EffectVariance,
  type StatedEffectMeasure,
} from '../model/statedEffects.js';
import { streamFor } from '../random/stream.js';
import type { Scenario } from './schema.js';
import type { Segment } from './sourceMap.js';

/** Patients screened for the sample of a design's population. */
export const EFFECT_SAMPLE = 400_000;
const EFFECT_SEED = 20261202;

/** Each measure's override parameter, which a stated effect may not meet. */
const OVERRIDE: Readonly<Record<StatedEffectMeasure, keyof ProdermParams>> = {
  cdasi_a: 'effectCdasiA',
  cdasi_d: 'effectCdasiD',
  cutaneous_vas: 'effectCutaneousVas',
  extramuscular_vas: 'effectExtramuscularVas',
  mmt8: 'effectMmt8',
};

export interface StatedEffectProblem {
  path: Segment[];
  message: string;
}

/** What one stated effect was solved to. */
export interface SolvedEffect {
  measure: StatedEffectMeasure;
  /** The true mean difference the solved model gives in the population. */
  difference: number;
  /** Its Monte Carlo SE (0 when the population is the model's own distribution). */
  se: number;
  population: 'design' | 'unrestricted';
  variance: EffectVariance;
}

/** Eligible baselines samples by model draws and rules, shared by the points of one scenario. */
export interface EffectSampleCache {
  get(key: string): ScreeningSample | undefined;
  set(key: string, sample: ScreeningSample): void;
}

function eligibleSample(model: CompiledModel, design: DesignSpec, cache: EffectSampleCache): ScreeningSample {
  const key = JSON.stringify(['effects', model.drawsKey, design.eligibility]);
  let hit = cache.get(key);
  if (hit === undefined) {
    const rules = design.eligibility.map((rule) => ({ rule, index: model.measureIds.indexOf(rule.measure) }));
    const K = model.drawsPerPatient(model.fullVisits.length);
    hit = screeningSample((u, out) => model.baseline(u, out), K, model.measureIds.length, rules, streamFor(EFFECT_SEED, 0, 'stated-effects'), EFFECT_SAMPLE);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * The parameters with every stated effect solved in, and what each was
 * solved to; or the problems, at their scenario key paths.
 */
export function applyStatedEffects(
  s: Scenario,
  params: ProdermParams,
  model: CompiledModel,
  design: DesignSpec,
  cache: EffectSampleCache,
): { ok: true; params: ProdermParams; solved: SolvedEffect[] } | { ok: false; problems: StatedEffectProblem[] } {
  const effects = s.model.kind === 'proderm' ? s.model.effects : undefined;
  if (effects === undefined) return { ok: true, params, solved: [] };
  const problems: StatedEffectProblem[] = [];
  const at = (...path: Segment[]): Segment[] => ['model', 'effects', ...path];
  if (params.effectScale !== 1) problems.push({ path: ['model', 'params', 'effect_scale'], message: `a stated effect (model.effects) is the effect itself: leave effect_scale at 1 (got ${params.effectScale}); state a smaller difference or share instead` });
  let out = params;
  const solved: SolvedEffect[] = [];
  for (const measure of STATED_EFFECT_MEASURES) {
    const e = effects[measure];
    if (e === undefined) continue;
    if ((e.difference === undefined) === (e.share === undefined)) {
      problems.push({ path: at(measure), message: 'give difference (the true mean difference) or share (of ProDERM’s), one of them' });
      continue;
    }
    if (params[OVERRIDE[measure]] !== null) {
      problems.push({ path: at(measure), message: `the measure’s effect is already set by model.params.${snakeOverride(measure)}: state it once` });
      continue;
    }
    const population = e.population ?? 'design';
    const variance = e.variance ?? 'shift';
    let cells: Cells;
    let n = 0;
    if (population === 'unrestricted' || design.eligibility.length === 0) {
      cells = modelCells(params, measure);
    } else {
      const sample = eligibleSample(model, design, cache);
      const M = model.measureIds.length;
      const m = model.measureIds.indexOf(measure);
      const values = new Float64Array(sample.eligible);
      for (let i = 0; i < sample.eligible; i++) values[i] = sample.base[i * M + m];
      cells = sampleCells(values);
      n = sample.eligible;
    }
    const target = e.difference ?? (e.share as number) * populationDifference(params, measure, cells);
    const r = solveStatedEffect(out, measure, cells, target, variance);
    if (!r.ok) {
      problems.push({ path: at(measure, e.difference !== undefined ? 'difference' : 'share'), message: r.error });
      continue;
    }
    out = r.params;
    const se = n > 0 ? differenceSpread(out, measure, cells) / Math.sqrt(n) : 0;
    solved.push({ measure, difference: r.difference, se, population, variance });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params: out, solved };
}

function snakeOverride(m: StatedEffectMeasure): string {
  return OVERRIDE[m].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The baseline cells of `measure` in a population (design: the design's
 * eligible patients, a large sample as for model.effects; unrestricted:
 * the model's own distribution), and the sample's size (0: exact).
 */
export function populationCells(
  params: ProdermParams,
  model: CompiledModel,
  design: DesignSpec,
  cache: EffectSampleCache,
  measure: StatedEffectMeasure,
  population: 'design' | 'unrestricted',
): { cells: Cells; n: number } {
  if (population === 'unrestricted' || design.eligibility.length === 0) return { cells: modelCells(params, measure), n: 0 };
  const sample = eligibleSample(model, design, cache);
  const M = model.measureIds.length;
  const m = model.measureIds.indexOf(measure);
  const values = new Float64Array(sample.eligible);
  for (let i = 0; i < sample.eligible; i++) values[i] = sample.base[i * M + m];
  return { cells: sampleCells(values), n: sample.eligible };
}
