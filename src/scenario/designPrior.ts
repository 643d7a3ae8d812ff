// A scenario's success criterion (`success`) and design prior
// (`model.prior`) into the kernel spec's `assurance` (src/analysis/assurance.ts),
// with each problem at its scenario key path.
//
// The spec's own model is set at the prior's mean (its truth, for bias and
// coverage, is the truth there); each replicate then draws its θ. For
// ProDERM, θ → shift of the IVIg log-ratio means is tabulated here, once per
// design point: the shift's image θ(δ) = populationDifference at δ on an
// even grid of δ from the shift solved at the prior's 1e-5 quantile to the
// one at its 1 − 1e-5 quantile (a forward computation per node; θ rises with
// δ), read back by linear interpolation (interpolateTable).
import type { AssuranceSpec, PlaceboPriorSpec, PriorSpec } from '../analysis/assurance.js';
import { modelAt } from '../analysis/assurance.js';
import type { DesignSpec } from '../design/designSpec.js';
import type { ModelSpec } from '../design/trial.js';
import type { CompiledModel } from '../model/compiledModel.js';
import { fromPublishedCi, interpolateTable, priorBinEdges, sumQuantile, priorMean, priorQuantile, type EffectTable, type PriorComponent, type PriorDistribution } from '../model/prior.js';
import { PUBLISHED_DIFFERENCES } from '../model/prodermTargets.js';
import type { ProdermParams } from '../model/prodermParams.js';
import { populationChange, populationDifference, shiftIvig, shiftPlacebo, solveStatedEffect, STATED_EFFECT_MEASURES, type Cells, type StatedEffectMeasure } from '../model/statedEffects.js';
import type { Scenario, ScenarioPrior } from './schema.js';
import type { Segment } from './sourceMap.js';
import { populationCells, type EffectSampleCache } from './statedEffects.js';

export interface PriorProblem {
  path: Segment[];
  message: string;
}

/** Nodes of a ProDERM prior's table of shifts. */
export const PRIOR_TABLE_NODES = 97;
/** The prior's tail left outside the table at each end (θ there is read at the table's end). */
export const PRIOR_TABLE_TAIL = 1e-5;

const OVERRIDE: Readonly<Record<StatedEffectMeasure, keyof ProdermParams>> = {
  cdasi_a: 'effectCdasiA',
  cdasi_d: 'effectCdasiD',
  cutaneous_vas: 'effectCutaneousVas',
  extramuscular_vas: 'effectExtramuscularVas',
  mmt8: 'effectMmt8',
};

type RawPrior = ScenarioPrior;
type RawComponent = { normal?: { mean: number; sd: number }; truncated_normal?: { mean: number; sd: number; lower: number; upper: number } };

function component(raw: RawComponent, at: Segment[], problems: PriorProblem[]): PriorComponent | null {
  const given = (['normal', 'truncated_normal'] as const).filter((k) => raw[k] !== undefined);
  if (given.length !== 1) {
    problems.push({ path: at, message: `give one of normal, truncated_normal (got ${given.length === 0 ? 'none' : given.join(' and ')})` });
    return null;
  }
  if (raw.normal !== undefined) {
    if (!(raw.normal.sd > 0)) {
      problems.push({ path: [...at, 'normal', 'sd'], message: `the SD must be above 0 (got ${raw.normal.sd})` });
      return null;
    }
    return { kind: 'normal', mean: raw.normal.mean, sd: raw.normal.sd };
  }
  const t = raw.truncated_normal!;
  let ok = true;
  if (!(t.sd > 0)) {
    problems.push({ path: [...at, 'truncated_normal', 'sd'], message: `the SD must be above 0 (got ${t.sd})` });
    ok = false;
  }
  if (!(t.lower < t.upper)) {
    problems.push({ path: [...at, 'truncated_normal', 'upper'], message: `upper must be above lower (got lower ${t.lower}, upper ${t.upper})` });
    ok = false;
  }
  return ok ? { kind: 'truncated_normal', mean: t.mean, sd: t.sd, lower: t.lower, upper: t.upper } : null;
}

/** The distribution a scenario's prior names, or null with its problems pushed. */
export function priorDistribution(raw: RawPrior, measure: string, modelKind: 'proderm' | 'parametric', at: Segment[], problems: PriorProblem[]): PriorDistribution | null {
  const given = (['from_paper', 'normal', 'truncated_normal', 'mixture'] as const).filter((k) => raw[k] !== undefined);
  if (given.length !== 1) {
    problems.push({ path: at, message: `give one of from_paper, normal, truncated_normal, mixture (got ${given.length === 0 ? 'none' : given.join(' and ')})` });
    return null;
  }
  if (raw.from_paper !== undefined) {
    const paper = (PUBLISHED_DIFFERENCES as Record<string, { estimate: number; lower: number; upper: number }>)[measure];
    if (modelKind !== 'proderm' || paper === undefined) {
      problems.push({ path: [...at, 'from_paper'], message: `ProDERM published a difference with a CI for ${Object.keys(PUBLISHED_DIFFERENCES).join(', ')} (ProDERM model); give normal, truncated_normal or mixture for '${measure}'` });
      return null;
    }
    return fromPublishedCi(paper.estimate, paper.lower, paper.upper);
  }
  if (raw.mixture !== undefined) {
    const components: { weight: number; prior: PriorComponent }[] = [];
    let total = 0;
    raw.mixture.forEach((c, k) => {
      total += c.weight;
      const p = component(c, [...at, 'mixture', k], problems);
      if (p !== null) components.push({ weight: c.weight, prior: p });
    });
    if (Math.abs(total - 1) > 1e-9) {
      problems.push({ path: [...at, 'mixture'], message: `the weights must sum to 1 (they sum to ${total})` });
      return null;
    }
    return components.length === raw.mixture.length ? { kind: 'mixture', components } : null;
  }
  return component(raw as RawComponent, at, problems);
}

/**
 * θ → shift table of a ProDERM measure about `params` (its IVIg means moved
 * by the shift), in the population `cells`, over θ ∈ [lo, hi]: the shifts at
 * lo and hi found by bracketing out from 0 and bisecting on θ(δ) (which rises
 * with δ), then `nodes` even shifts between them, each with its exact θ.
 */
export function shiftTable(params: ProdermParams, measure: StatedEffectMeasure, cells: Cells, lo: number, hi: number, nodes = PRIOR_TABLE_NODES): EffectTable | { error: string } {
  return monotoneTable((shift) => populationDifference(shiftIvig(params, measure, shift), measure, cells), 'difference', lo, hi, nodes);
}

/**
 * A table y → shift of a response y(shift) that rises with the shift, over
 * y ∈ [lo, hi]: the shifts at lo and hi found by bracketing out from 0 and
 * bisecting, then `nodes` even shifts between them, each with its exact y.
 */
export function monotoneTable(yAt: (shift: number) => number, what: string, lo: number, hi: number, nodes = PRIOR_TABLE_NODES): EffectTable | { error: string } {
  const shiftFor = (target: number): number | null => {
    // Bracket: double the step away from 0 until y passes the target (the response saturates beyond ±40 on the log scale).
    const dir = target < yAt(0) ? -1 : 1;
    let inner = 0;
    let outer = dir * 0.25;
    while ((yAt(outer) - target) * dir < 0) {
      inner = outer;
      outer *= 2;
      if (Math.abs(outer) > 40) return null;
    }
    for (let i = 0; i < 60 && Math.abs(outer - inner) > 1e-9; i++) {
      const mid = 0.5 * (inner + outer);
      if ((yAt(mid) - target) * dir < 0) inner = mid;
      else outer = mid;
    }
    return 0.5 * (inner + outer);
  };
  const a = shiftFor(lo);
  const b = shiftFor(hi);
  if (a === null || b === null) return { error: `a ${what} of ${a === null ? lo : hi} cannot be reached by shifting the arm’s response (it saturates)` };
  const theta: number[] = [];
  const value: number[] = [];
  for (let j = 0; j < nodes; j++) {
    const shift = a + ((b - a) * j) / (nodes - 1);
    theta.push(yAt(shift));
    value.push(shift);
  }
  for (let j = 1; j < nodes; j++) if (!(theta[j] > theta[j - 1])) return { error: `the ${what} does not rise with the shift near ${theta[j].toPrecision(4)} (the prior reaches where the model’s response saturates)` };
  return { theta, value };
}

/**
 * The tables of a ProDERM prior with a placebo prior, about `params`: placebo's
 * mean change → shift of placebo's log-ratio means over the placebo prior's
 * range, and IVIg's mean change → shift of IVIg's over the range of placebo +
 * θ. Each arm's mean change depends on that arm's parameters alone, so a
 * replicate's (placebo, θ) reads placebo's shift at its placebo response and
 * IVIg's at placebo + θ: two 1-D tables give the 2-D solve exactly.
 */
export function placeboTables(
  params: ProdermParams,
  measure: StatedEffectMeasure,
  cells: Cells,
  placeboRange: readonly [number, number],
  ivigRange: readonly [number, number],
  nodes = PRIOR_TABLE_NODES,
): { placebo: EffectTable; ivig: EffectTable } | { error: string } {
  const placebo = monotoneTable((d) => populationChange(shiftPlacebo(params, measure, d), measure, cells, 'placebo'), 'placebo mean change', placeboRange[0], placeboRange[1], nodes);
  if ('error' in placebo) return placebo;
  const ivig = monotoneTable((d) => populationChange(shiftIvig(params, measure, d), measure, cells, 'ivig'), 'IVIg mean change (placebo + θ)', ivigRange[0], ivigRange[1], nodes);
  if ('error' in ivig) return ivig;
  return { placebo, ivig };
}

/** A table's values moved by −by (a table about parameters already shifted by `by`). */
const rebased = (t: EffectTable, by: number): EffectTable => ({ theta: t.theta, value: t.value.map((v) => v - by) });

export type DesignPriorResult = { ok: true; model: ModelSpec; assurance: AssuranceSpec | null } | { ok: false; problems: PriorProblem[] };

/**
 * The success criterion and design prior of a design point: the model at
 * the prior's mean and the kernel's `assurance`; null when the scenario has
 * neither `success` nor `model.prior`.
 */
/** Solved ProDERM priors (the model at the prior's mean and its table) by everything they depend on, shared by the points of a scenario. */
export type PriorCache = Map<string, { params: ProdermParams; table: EffectTable | null; placebo?: PlaceboPriorSpec } | { error: string }>;

export function designPrior(
  s: Scenario,
  model: ModelSpec,
  compiledModel: CompiledModel,
  design: DesignSpec,
  analysisIds: readonly string[],
  cache: EffectSampleCache,
  solved: PriorCache = new Map(),
): DesignPriorResult {
  const priors = s.model.prior as Record<string, ScenarioPrior> | undefined;
  if (s.success === undefined && priors === undefined) return { ok: true, model, assurance: null };
  const problems: PriorProblem[] = [];
  const analysis = s.success?.analysis ?? analysisIds[0];
  if (!analysisIds.includes(analysis)) problems.push({ path: ['success', 'analysis'], message: `'${analysis}' is not an analysis of the scenario (${analysisIds.join(', ')})` });
  const estimateBeyond = s.success?.estimate_beyond ?? null;
  const bins = s.success?.bins ?? 10;
  const measures = priors === undefined ? [] : Object.keys(priors);
  if (measures.length > 1) problems.push({ path: ['model', 'prior'], message: `a prior on one measure (got ${measures.join(', ')})` });
  if (measures.length !== 1 || problems.length > 0) return problems.length > 0 ? { ok: false, problems } : { ok: true, model, assurance: { analysis, estimateBeyond, prior: null, edges: [] } };
  const measure = measures[0];
  const at: Segment[] = ['model', 'prior', measure];
  const raw = priors![measure];
  const distribution = priorDistribution(raw, measure, model.kind, at, problems);
  const placeboDistribution = raw.placebo === undefined ? null : priorDistribution(raw.placebo, measure, model.kind, [...at, 'placebo'], problems);
  if (model.kind === 'parametric') {
    const ep = model.params.endpoints.find((e) => e.id === measure);
    if (ep === undefined || ep.type !== 'normal')
      problems.push({ path: at, message: `'${measure}' is not a normal endpoint of the model (${model.params.endpoints.filter((e) => e.type === 'normal').map((e) => e.id).join(', ')})` });
    if (model.params.effectScale !== 1) problems.push({ path: ['model', 'params', 'effect_scale'], message: `a prior is the effect itself: leave effect_scale at 1 (got ${model.params.effectScale})` });
    if (raw.population !== undefined) problems.push({ path: [...at, 'population'], message: 'population is for the ProDERM model' });
  } else {
    if (!(STATED_EFFECT_MEASURES as readonly string[]).includes(measure)) problems.push({ path: at, message: `'${measure}' is not one of ${STATED_EFFECT_MEASURES.join(', ')}` });
    else {
      const m = measure as StatedEffectMeasure;
      if (s.model.kind === 'proderm' && s.model.effects?.[m] !== undefined) problems.push({ path: at, message: `the measure’s effect is also fixed by model.effects.${m}: give it once` });
      if (model.params[OVERRIDE[m]] !== null) problems.push({ path: at, message: `the measure’s effect is also fixed by model.params.${OVERRIDE[m].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}: give it once` });
    }
    if (model.params.effectScale !== 1) problems.push({ path: ['model', 'params', 'effect_scale'], message: `a prior is the effect itself: leave effect_scale at 1 (got ${model.params.effectScale})` });
  }
  if (distribution === null || (raw.placebo !== undefined && placeboDistribution === null) || problems.length > 0) return { ok: false, problems };
  const edges = priorBinEdges(distribution, bins);
  const mean = priorMean(distribution);
  if (model.kind === 'parametric') {
    const placebo: PlaceboPriorSpec | null = placeboDistribution === null ? null : { distribution: placeboDistribution, table: null, ivigTable: null };
    const prior: PriorSpec = { measure, distribution, table: null, placebo };
    return { ok: true, model: modelAt(model, prior, mean, placeboDistribution === null ? NaN : priorMean(placeboDistribution)), assurance: { analysis, estimateBeyond, prior, edges } };
  }
  const m = measure as StatedEffectMeasure;
  const population = raw.population ?? (raw.from_paper === true ? 'unrestricted' : 'design');
  const key = JSON.stringify([model.params, m, population, population === 'design' ? [compiledModel.drawsKey, design.eligibility] : null, distribution, placeboDistribution]);
  let hit = solved.get(key);
  if (hit === undefined && placeboDistribution !== null) {
    const { cells } = populationCells(model.params, compiledModel, design, cache, m, population);
    const q = (d: PriorDistribution, p: number): number => priorQuantile(d, p);
    const tables = placeboTables(
      model.params,
      m,
      cells,
      [q(placeboDistribution, PRIOR_TABLE_TAIL), q(placeboDistribution, 1 - PRIOR_TABLE_TAIL)],
      [sumQuantile(placeboDistribution, distribution, PRIOR_TABLE_TAIL), sumQuantile(placeboDistribution, distribution, 1 - PRIOR_TABLE_TAIL)],
    );
    if ('error' in tables) hit = { error: `the placebo prior with the effect’s (their 1e-5 tails): ${tables.error}` };
    else {
      // The spec's model at the priors' means; the tables rebased to its shifts.
      const placeboMean = priorMean(placeboDistribution);
      const dp = interpolateTable(tables.placebo, placeboMean);
      const di = interpolateTable(tables.ivig, placeboMean + mean);
      const params = shiftIvig(shiftPlacebo(model.params, m, dp), m, di);
      hit = { params, table: null, placebo: { distribution: placeboDistribution, table: rebased(tables.placebo, dp), ivigTable: rebased(tables.ivig, di) } };
    }
    solved.set(key, hit);
  }
  if (hit === undefined) {
    const { cells } = populationCells(model.params, compiledModel, design, cache, m, population);
    const centre = solveStatedEffect(model.params, m, cells, mean, 'shift');
    if (!centre.ok) hit = { error: `the prior’s mean: ${centre.error}` };
    else {
      const table = shiftTable(centre.params, m, cells, priorQuantile(distribution, PRIOR_TABLE_TAIL), priorQuantile(distribution, 1 - PRIOR_TABLE_TAIL));
      hit = 'error' in table ? { error: `the prior’s tails: ${table.error}` } : { params: centre.params, table };
    }
    solved.set(key, hit);
  }
  if ('error' in hit) return { ok: false, problems: [{ path: at, message: hit.error }] };
  const atMean: ModelSpec = { kind: 'proderm', params: hit.params };
  return { ok: true, model: atMean, assurance: { analysis, estimateBeyond, prior: { measure, distribution, table: hit.table, placebo: hit.placebo ?? null }, edges } };
}
