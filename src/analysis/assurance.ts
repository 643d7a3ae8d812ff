// A success criterion and a design prior in the kernel (docs/assurance.md).
//
//   run(seed, index): θ = drawPrior(prior, streamFor(seed, index, 'prior'))
//        [placebo response = drawPrior(placebo prior, streamFor(seed, index, 'prior-placebo'))]
//        ──modelAt──▶ the model with the measure's true difference at θ (and the control's response drawn)
//        ──the compiled model's response slot moved, no recompilation (ProDERM:
//          setResponseShift; parametric: setNormalMeans)──▶ trial at θ
//        ──fromDraws (the replicate's patients, drawn once, effect-free)──▶ analyses
//        ──▶ [theta | success] in the record's assurance block
//
// θ is the true mean difference (treatment − control) of the prior's
// measure at the primary week, in the population the scenario's stated
// effects use. For the parametric model it is the normal endpoint's mean
// difference; for ProDERM the IVIg log-ratio means are shifted by δ(θ), read
// off a monotone table of shifts solved at compile time on a grid of θ
// (statedEffects.ts; interpolateTable, tested against direct solving).
//
// Without a prior the block is still written when a success criterion is
// set: θ NaN, and the success rate is the probability of success at the
// fixed effect. The null run carries no prior (θ = 0 there).
import { compileParametric } from '../model/parametric.js';
import type { ParametricParams } from '../model/parametricParams.js';
import { compileProderm, type ProdermSetups } from '../model/proderm.js';
import { drawPrior, interpolateTable, type EffectTable, type PriorDistribution } from '../model/prior.js';
import { shiftIvig, shiftPlacebo, STATED_EFFECT_MEASURES, type StatedEffectMeasure } from '../model/statedEffects.js';
import type { CompiledModel } from '../model/compiledModel.js';
import type { ModelSpec } from '../design/trial.js';
import { A, U, type AssuranceLayout } from '../engine/layout.js';
import type { Benefit } from './spec.js';
import { AleaStream, streamKey } from '../random/stream.js';

/** The prior part of a kernel spec: plain data. */
export interface PriorSpec {
  /** The measure (ProDERM) or endpoint id (parametric) whose true difference θ is. */
  readonly measure: string;
  readonly distribution: PriorDistribution;
  /** ProDERM: θ → shift of the IVIg log-ratio means from the spec's parameters; null for the parametric model. */
  readonly table: EffectTable | null;
  /** A prior on the control (placebo) arm's response too, or null/absent: the control's true value is then fixed. */
  readonly placebo?: PlaceboPriorSpec | null;
}

/**
 * A prior on the control arm's response, drawn from a stream of its own
 * (streamFor(seed, replicate, 'prior-placebo')): the parametric model's
 * control mean; ProDERM's placebo arm's true mean change of the measure at
 * the primary week, in the prior's population. θ stays the difference
 * treatment − control, so the treatment arm's response is the drawn placebo
 * response + θ.
 */
export interface PlaceboPriorSpec {
  readonly distribution: PriorDistribution;
  /** ProDERM: placebo's mean change → shift of placebo's log-ratio means from the spec's parameters; null for the parametric model. */
  readonly table: EffectTable | null;
  /** ProDERM: IVIg's mean change → shift of IVIg's log-ratio means from the spec's parameters (replaces `table` of θ when the placebo is drawn). */
  readonly ivigTable: EffectTable | null;
}

/** A kernel spec's `assurance`: the success criterion, and the prior when the effect is drawn. */
export interface AssuranceSpec {
  /** Id of the analysis whose rejection (towards benefit, after multiplicity) is the success. */
  readonly analysis: string;
  /** Success also needs the estimate beyond this value on the side of benefit; null: significance alone. */
  readonly estimateBeyond: number | null;
  readonly prior: PriorSpec | null;
  /** Interior edges of the θ bins (ascending) the conditional power is tallied in. */
  readonly edges: readonly number[];
}

/**
 * The model spec with the prior's measure at true difference θ and, when the
 * placebo response is drawn too, the control's response at `placebo`
 * (NaN: the spec's own control).
 */
export function modelAt(model: ModelSpec, prior: PriorSpec, theta: number, placebo = NaN): ModelSpec {
  if (model.kind === 'parametric') {
    const params: ParametricParams = {
      ...model.params,
      endpoints: model.params.endpoints.map((ep) => {
        if (ep.id !== prior.measure || ep.type !== 'normal') return ep;
        const control = parametricControl(prior, ep.mean.control, placebo);
        return { ...ep, mean: { control, treatment: control + theta } };
      }),
    };
    return { kind: 'parametric', params };
  }
  const measure = prior.measure as StatedEffectMeasure;
  const shift = responseShifts(prior, theta, placebo);
  const shifted = shift.placebo === shift.placebo ? shiftPlacebo(model.params, measure, shift.placebo) : model.params;
  return { kind: 'proderm', params: shiftIvig(shifted, measure, shift.ivig) };
}

/** Parametric: the control mean at a replicate: the drawn placebo response, else the spec's own (treatment mean = it + θ). */
export function parametricControl(prior: PriorSpec, specControl: number, placebo = NaN): number {
  return placebo === placebo && prior.placebo != null ? placebo : specControl;
}

/**
 * ProDERM: the shifts of the prior's measure's placebo means (NaN: not
 * drawn) and IVIg means from the spec's parameters at θ and the drawn
 * placebo response, read off the prior's tables.
 */
export function responseShifts(prior: PriorSpec, theta: number, placebo = NaN): { placebo: number; ivig: number } {
  if (placebo === placebo && prior.placebo != null) {
    const pl = prior.placebo;
    if (pl.table === null || pl.ivigTable === null) throw new Error(`assurance: a ProDERM placebo prior on ${prior.measure} needs its tables of shifts`);
    return { placebo: interpolateTable(pl.table, placebo), ivig: interpolateTable(pl.ivigTable, placebo + theta) };
  }
  if (prior.table === null) throw new Error(`assurance: a ProDERM prior on ${prior.measure} needs its table of shifts`);
  return { placebo: NaN, ivig: interpolateTable(prior.table, theta) };
}

/** The compiled model at θ (and the drawn placebo response); ProDERM reuses the set-up of the spec's own parameters (the prior's measure has no override). */
export function compileAt(model: ModelSpec, prior: PriorSpec, theta: number, setups?: ProdermSetups, placebo = NaN): CompiledModel {
  const at = modelAt(model, prior, theta, placebo);
  if (at.kind === 'parametric') return compileParametric(at.params);
  return compileProderm(at.params, setups, model.kind === 'proderm' ? model.params : undefined);
}

/** Reusable streams of a replicate's draws from the design prior. */
export interface PriorStreams {
  readonly effect: AleaStream;
  readonly placebo: AleaStream;
}

export const newPriorStreams = (): PriorStreams => ({ effect: new AleaStream(''), placebo: new AleaStream('') });

/**
 * Replicate `index`'s draws: θ from streamFor(seed, index, 'prior') and,
 * with a placebo prior, the control response from its own stream
 * streamFor(seed, index, 'prior-placebo') (NaN without one): adding a
 * placebo prior leaves every θ as it was.
 */
export function drawEffects(prior: PriorSpec, seed: number, index: number, streams: PriorStreams): { theta: number; placebo: number } {
  streams.effect.reseed(streamKey(seed, index, 'prior'));
  const theta = drawPrior(prior.distribution, streams.effect);
  if (prior.placebo == null) return { theta, placebo: NaN };
  streams.placebo.reseed(streamKey(seed, index, 'prior-placebo'));
  return { theta, placebo: drawPrior(prior.placebo.distribution, streams.placebo) };
}

/** Checks of a kernel spec's `assurance` against the model; an empty list when fine. */
export function assuranceProblems(spec: AssuranceSpec, model: ModelSpec, analysisIds: readonly string[]): string[] {
  const problems: string[] = [];
  if (!analysisIds.includes(spec.analysis)) problems.push(`assurance.analysis: '${spec.analysis}' is not an analysis (${analysisIds.join(', ')})`);
  for (let k = 1; k < spec.edges.length; k++) if (!(spec.edges[k] > spec.edges[k - 1])) problems.push('assurance.edges: not ascending');
  const p = spec.prior;
  if (p === null) return problems;
  if (model.kind === 'parametric') {
    const ep = model.params.endpoints.find((e) => e.id === p.measure);
    if (ep === undefined || ep.type !== 'normal') problems.push(`assurance.prior.measure: '${p.measure}' is not a normal endpoint of the parametric model`);
    if (model.params.effectScale !== 1) problems.push('assurance.prior: the effect scale must be 1 with a prior');
  } else {
    if (!(STATED_EFFECT_MEASURES as readonly string[]).includes(p.measure)) problems.push(`assurance.prior.measure: '${p.measure}' is not one of ${STATED_EFFECT_MEASURES.join(', ')}`);
    const okTable = (t: EffectTable | null): boolean => t !== null && t.theta.length >= 2 && t.theta.length === t.value.length;
    if (p.placebo == null && !okTable(p.table)) problems.push('assurance.prior.table: a ProDERM prior needs a table of at least two (θ, shift) points');
    if (p.placebo != null && !(okTable(p.placebo.table) && okTable(p.placebo.ivigTable))) problems.push('assurance.prior.placebo: a ProDERM placebo prior needs its tables of (response, shift) points');
  }
  return problems;
}

/** Writes θ and the success flag of a replicate whose analyses are in `out`. */
export function writeSuccess(out: Float64Array, block: AssuranceLayout, analysisOffset: number, benefit: Benefit, estimateBeyond: number | null, theta: number): void {
  const rejected = out[analysisOffset + A.rejectAdjusted] === 1;
  const estimate = out[analysisOffset + A.estimate];
  const beyond = estimateBeyond === null || (benefit === 'lower' ? estimate < estimateBeyond : estimate > estimateBeyond);
  out[block.offset + U.theta] = theta;
  out[block.offset + U.success] = rejected && beyond ? 1 : 0;
}

export { drawPrior };
