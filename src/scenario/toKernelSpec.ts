// One validated design point -> the plain-data spec that createKernel(spec)
// takes (src/analysis/kernelSpec.ts: { model: { kind, params }, design,
// analyses, multiplicity }), through each layer's own resolver, so defaults
// and cross-field rules live with the code they belong to. Problems come back
// with the scenario key path they are about.
//
// The spec is written out in full: the model's resolved parameters, the
// resolved design, and every analysis setting explicit (defaults included),
// so that two files that say the same thing give the same spec and the same
// run identity. It is the layers' input form, which their resolvers accept
// again unchanged in the worker.
//
// The scenario's keys are snake_case; the layers' inputs are camelCase. The
// rules this file checks itself (a measure the model does not have, a block
// size that does not fit the ratio, ...) are those whose messages would
// otherwise name the layers' keys instead of the scenario's.
import { compileAnalysisPlan } from '../analysis/analysisPlan.js';
import {
  isResponderEndpoint,
  parseAnalysisSpecs,
  parseMultiplicitySpec,
  SpecError,
  type AnalysisSpec,
  type MultiplicitySpec,
} from '../analysis/spec.js';
import { PARAMETRIC_DESIGN, PRODERM_DESIGN, resolveDesignSpec, type DesignSpec } from '../design/designSpec.js';
import { solveDiscontinuationIntercepts, solveDropoutIntercepts } from '../design/trial.js';
import type { CompiledModel } from '../model/compiledModel.js';
import { resolveParametricParams } from '../model/parametricParams.js';
import { resolveProdermParams } from '../model/prodermParams.js';
import { checkInterim } from '../design/interim.js';
import { checkTrialSpec, compileModel, newModelSetups, type ModelSetups, type ModelSpec } from '../design/trial.js';
import type { ScreeningSample } from '../design/screening.js';
import { benefitOf } from './benefit.js';
import { applyStatedEffects, type SolvedEffect } from './statedEffects.js';
import { designPrior, type PriorCache } from './designPrior.js';
import type { AssuranceSpec } from '../analysis/assurance.js';
import { camelCase, snakeCase } from './caseNames.js';
import { estimabilityProblems, type ScreeningCache } from './estimable.js';
import { didYouMean } from '../text/didYouMean.js';
import { isRecord } from './keyPath.js';
import { MSG } from './messages.js';
import type { Scenario } from './schema.js';
import type { Segment } from './sourceMap.js';

/** One analysis as the analysis layer's parser takes it, every setting explicit. */
export interface AnalysisInput {
  readonly id: string;
  readonly endpoint: {
    readonly measure: string;
    readonly week: number;
    readonly type: AnalysisSpec['endpoint']['type'];
    readonly threshold?: number;
    readonly baselineAbove?: number;
    readonly dropout: AnalysisSpec['endpoint']['dropout'];
    readonly crossover: AnalysisSpec['endpoint']['crossover'];
    readonly deterioration: AnalysisSpec['endpoint']['deterioration'];
  };
  readonly method: AnalysisSpec['method'];
  readonly covariates: AnalysisSpec['covariates'];
  readonly strata?: { readonly measure: string; readonly cuts: readonly number[] };
  readonly sidedness: AnalysisSpec['sidedness'];
  readonly alpha: number;
  readonly ciLevel: number;
  readonly benefit: AnalysisSpec['benefit'];
  readonly estimand?: AnalysisSpec['estimand'];
  readonly covariance?: AnalysisSpec['covariance'];
}

export interface MultiplicityInput {
  readonly procedure: MultiplicitySpec['procedure'];
  readonly alpha: number;
  readonly family: readonly string[];
  readonly weights?: readonly number[];
  readonly transitions?: readonly (readonly number[])[];
}

/** What createKernel(spec) takes: plain, structured-clonable data. */
export interface KernelSpec {
  readonly model: ModelSpec;
  readonly design: DesignSpec;
  readonly analyses: readonly AnalysisInput[];
  readonly multiplicity: MultiplicityInput;
  /** The success criterion and design prior (src/analysis/assurance.ts); absent without `success` or `model.prior`. */
  readonly assurance?: AssuranceSpec;
}

export interface SpecProblem {
  path: Segment[];
  message: string;
}

export type Converted =
  | { ok: true; spec: KernelSpec; nullSpec: KernelSpec; /** The stated effects (model.effects) and what they were solved to; empty without any. */ statedEffects: SolvedEffect[] }
  | { ok: false; problems: SpecProblem[] };

/**
 * Compiled models by their spec, so that the points of a sweep that share a
 * model compile it once; and (key "screening:…") the validation's screening
 * samples (estimable.ts).
 */
export type ModelCache = Map<
  string,
  { ok: true; model: CompiledModel } | { ok: false; errors: string[] } | { ok: 'screening'; sample: ScreeningSample } | { ok: 'setups'; setups: ModelSetups } | { ok: 'priors'; priors: PriorCache }
>;

/** The solved design priors the points of a scenario share (key "priors"). */
function priorsOf(cache: ModelCache): PriorCache {
  const hit = cache.get('priors');
  if (hit !== undefined && hit.ok === 'priors') return hit.priors;
  const priors: PriorCache = new Map();
  cache.set('priors', { ok: 'priors', priors });
  return priors;
}

/** The model set-up the points of a scenario share (key "setups"). */
function setupsOf(cache: ModelCache): ModelSetups {
  const hit = cache.get('setups');
  if (hit !== undefined && hit.ok === 'setups') return hit.setups;
  const setups = newModelSetups();
  cache.set('setups', { ok: 'setups', setups });
  return setups;
}

type ScenarioModel = Scenario['model'];
type ScenarioDesign = NonNullable<Scenario['design']>;

// ---- messages of the layers, mapped back to scenario key paths --------------------

const RENAMED: Readonly<Record<string, string>> = { allocationRatio: 'allocation' };

/**
 * "spec.design.eligibility[0].minInclusive" -> ['design', 'eligibility', 0, 'min_inclusive'].
 * A wildcard segment ("baselineCorr*") is dropped.
 */
export function layerPath(path: string): Segment[] {
  const out: Segment[] = [];
  const parts = path.split('.');
  if (parts[0] === 'spec') parts.shift();
  for (const part of parts) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    const name = m?.[1] ?? part;
    if (name !== '' && !name.includes('*')) out.push(RENAMED[name] ?? snakeCase(name));
    for (const idx of (m?.[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** "design.blockSize: 6 is not ..." -> a problem at design.block_size. */
function fromLayerMessage(text: string): SpecProblem {
  const m = /^([A-Za-z_][\w.*[\]]*): ([\s\S]*)$/.exec(text);
  if (m === null) return { path: [], message: MSG.relayed(text) };
  return { path: layerPath(m[1]!), message: MSG.relayed(m[2]!) };
}

/** snake_case keys -> camelCase, all the way down (the model's parameter input). */
function camelKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(camelKeys);
  if (!isRecord(x)) return x;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) out[camelCase(k)] = camelKeys(x[k]);
  return out;
}

// ---- model ------------------------------------------------------------------------

function modelSpec(model: ScenarioModel, problems: SpecProblem[]): ModelSpec | null {
  if (model.kind === 'proderm') {
    const r = resolveProdermParams(camelKeys(model.params ?? {}));
    if (r.ok) return { kind: 'proderm', params: r.params };
    problems.push(...r.errors.map(fromLayerMessage));
    return null;
  }
  const r = resolveParametricParams(camelKeys(model.params));
  if (r.ok) return { kind: 'parametric', params: r.params };
  problems.push(...r.errors.map(fromLayerMessage));
  return null;
}

function compiled(spec: ModelSpec, cache: ModelCache, problems: SpecProblem[]): CompiledModel | null {
  const key = JSON.stringify(spec);
  let hit = cache.get(key);
  if (hit !== undefined && (hit.ok === 'screening' || hit.ok === 'setups' || hit.ok === 'priors')) throw new Error('scenario: a model cache key names another kind of entry');
  if (hit === undefined) {
    try {
      hit = { ok: true, model: compileModel(spec, setupsOf(cache)) };
    } catch (err) {
      hit = { ok: false, errors: (err instanceof Error ? err.message : String(err)).split('\n') };
    }
    cache.set(key, hit);
  }
  if (hit.ok === true) return hit.model;
  problems.push(...hit.errors.map(fromLayerMessage));
  return null;
}

/** The screening samples kept in a model cache, as estimable.ts reads them. */
function screeningCache(cache: ModelCache): ScreeningCache {
  const prefix = 'screening:';
  return {
    get: (key: string) => {
      const hit = cache.get(prefix + key);
      return hit !== undefined && hit.ok === 'screening' ? hit.sample : undefined;
    },
    set: (key: string, sample: ScreeningSample) => void cache.set(prefix + key, { ok: 'screening', sample }),
  };
}

function withEffectScale(spec: ModelSpec, effectScale: number): ModelSpec {
  return spec.kind === 'proderm'
    ? { kind: 'proderm', params: { ...spec.params, effectScale } }
    : { kind: 'parametric', params: { ...spec.params, effectScale } };
}

// ---- design -----------------------------------------------------------------------

function checkMeasure(measure: string, model: CompiledModel | null, path: Segment[], problems: SpecProblem[]): void {
  if (model === null || model.measureIds.includes(measure)) return;
  const known = model.measureIds;
  problems.push({ path, message: MSG.unknownMeasure(measure, known, didYouMean(measure, known)) });
}

function reduced(a: number, b: number): [number, number] {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return [a / x, b / x];
}

function designInput(d: ScenarioDesign, base: DesignSpec, model: CompiledModel | null, problems: SpecProblem[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const ratio = d.allocation !== undefined ? ([d.allocation.control, d.allocation.treatment] as const) : undefined;
  if (d.sample_size !== undefined && d.n_per_arm !== undefined) {
    problems.push({ path: ['design', 'n_per_arm'], message: MSG.sizeTwice });
  } else if (d.sample_size !== undefined) {
    input.sampleSize = d.sample_size;
  } else if (d.n_per_arm !== undefined) {
    const n = d.n_per_arm;
    if (typeof n === 'number') {
      if (ratio !== undefined && ratio[0] !== ratio[1]) problems.push({ path: ['design', 'n_per_arm'], message: MSG.equalArmsOnly });
      input.nPerArm = n;
    } else {
      if (ratio !== undefined && n.control * ratio[1] !== n.treatment * ratio[0]) {
        problems.push({ path: ['design', 'n_per_arm'], message: MSG.nPerArmNotRatio(n.control, n.treatment, ratio[0], ratio[1]) });
      }
      input.nPerArm = [n.control, n.treatment];
    }
  }
  if (ratio !== undefined) input.allocationRatio = [...ratio];
  const [c, t] = ratio ?? (isRecord(d.n_per_arm) ? reduced(d.n_per_arm.control, d.n_per_arm.treatment) : base.allocationRatio);
  const block = d.block_size !== undefined ? d.block_size : base.blockSize;
  if (d.block_size !== undefined) input.blockSize = d.block_size;
  if (block !== null && block % (c + t) !== 0) {
    const culprit = d.block_size !== undefined ? 'block_size' : ratio !== undefined ? 'allocation' : 'n_per_arm';
    problems.push({ path: ['design', culprit], message: MSG.blockNotMultiple(block, c, t) });
  }
  if (d.stratification !== undefined) {
    const s = d.stratification;
    if (s === null) input.stratification = null;
    else {
      checkMeasure(s.measure, model, ['design', 'stratification', 'measure'], problems);
      s.cutpoints.forEach((x, i) => {
        const prev = s.cutpoints[i - 1];
        if (prev !== undefined && !(x > prev)) problems.push({ path: ['design', 'stratification', 'cutpoints', i], message: MSG.notIncreasing(x, prev) });
      });
      input.stratification = { measure: s.measure, cutpoints: s.cutpoints };
    }
  }
  if (d.eligibility !== undefined) {
    input.eligibility = d.eligibility.map((r, i) => {
      checkMeasure(r.measure, model, ['design', 'eligibility', i, 'measure'], problems);
      if (r.min === undefined && r.max === undefined) problems.push({ path: ['design', 'eligibility', i], message: MSG.noBounds });
      if (r.min !== undefined && r.max !== undefined && r.max < r.min) {
        problems.push({ path: ['design', 'eligibility', i, 'max'], message: MSG.maxBelowMin(r.max, r.min) });
      }
      return {
        measure: r.measure,
        min: r.min ?? null,
        minInclusive: r.min_inclusive ?? true,
        max: r.max ?? null,
        maxInclusive: r.max_inclusive ?? true,
      };
    });
  }
  if (d.dropout !== undefined) {
    input.dropout = { beforePrimary: d.dropout.before_primary ?? null, afterPrimary: d.dropout.after_primary ?? null };
  }
  if (d.crossover !== undefined) input.crossover = d.crossover;
  if (d.horizon_week !== undefined) input.horizonWeek = d.horizon_week;
  if (d.screening_limit !== undefined) input.screeningLimit = d.screening_limit;
  if (d.dropout_model !== undefined) {
    const arm = (x: NonNullable<ScenarioDesign['dropout_model']> extends infer U ? (U extends readonly unknown[] ? U[number] : U) : never, path: Segment[]): Record<string, unknown> => {
      if (x.measure !== undefined) checkMeasure(x.measure, model, [...path, 'measure'], problems);
      return camelKeys(x) as Record<string, unknown>;
    };
    const m = d.dropout_model;
    input.dropoutModel = Array.isArray(m) ? m.map((x, i) => arm(x, ['design', 'dropout_model', i])) : arm(m as never, ['design', 'dropout_model']);
  }
  if (d.discontinuation !== undefined) {
    const h = d.discontinuation.hazard;
    const one = (x: Record<string, unknown>, path: Segment[]): Record<string, unknown> => {
      if (typeof x.measure === 'string') checkMeasure(x.measure, model, [...path, 'measure'], problems);
      return camelKeys(x) as Record<string, unknown>;
    };
    const hazard = Array.isArray(h)
      ? h.map((x, i) => one(x as Record<string, unknown>, ['design', 'discontinuation', 'hazard', i]))
      : one(h as Record<string, unknown>, ['design', 'discontinuation', 'hazard']);
    input.discontinuation = { hazard, ...(d.discontinuation.waning !== undefined ? { waning: d.discontinuation.waning } : {}) };
  }
  if (d.accrual !== undefined) input.accrual = camelKeys(d.accrual);
  if (d.interim !== undefined) input.interim = camelKeys(d.interim);
  return input;
}

// ---- analyses ---------------------------------------------------------------------

function analysesInput(s: Scenario, model: CompiledModel | null, problems: SpecProblem[], spec: ModelSpec | null): unknown[] {
  const firstIndex = new Map<string, number>();
  return s.analyses.map((a, i) => {
    const first = firstIndex.get(a.id);
    if (first !== undefined) problems.push({ path: ['analyses', i, 'id'], message: MSG.duplicateId(a.id, first) });
    else firstIndex.set(a.id, i);
    const e = a.endpoint;
    checkMeasure(e.measure, model, ['analyses', i, 'endpoint', 'measure'], problems);
    if (a.strata?.measure !== undefined) checkMeasure(a.strata.measure, model, ['analyses', i, 'strata', 'measure'], problems);
    return {
      id: a.id,
      endpoint: {
        measure: e.measure,
        ...(e.week !== undefined ? { week: e.week } : model !== null ? { week: model.primaryWeek } : {}),
        ...(e.type !== undefined ? { type: e.type } : {}),
        ...(e.threshold !== undefined ? { threshold: e.threshold } : {}),
        ...(e.baseline_above !== undefined ? { baselineAbove: e.baseline_above } : {}),
        ...(e.dropout !== undefined ? { dropout: e.dropout } : {}),
        ...(e.crossover !== undefined ? { crossover: e.crossover } : {}),
        ...(e.deterioration !== undefined ? { deterioration: e.deterioration } : {}),
      },
      ...(a.method !== undefined ? { method: a.method } : {}),
      ...(a.covariates !== undefined ? { covariates: a.covariates } : {}),
      ...(a.strata !== undefined ? { strata: { cuts: a.strata.cuts, ...(a.strata.measure !== undefined ? { measure: a.strata.measure } : {}) } } : {}),
      ...(a.sidedness !== undefined ? { sidedness: a.sidedness } : {}),
      ...(a.alpha !== undefined ? { alpha: a.alpha } : {}),
      ...(a.ci_level !== undefined ? { ciLevel: a.ci_level } : {}),
      // The measure's own direction, unless the analysis or a one-sided test says it (src/scenario/benefit.ts).
      ...(a.benefit !== undefined
        ? { benefit: a.benefit }
        : spec !== null && (a.sidedness ?? 'two_sided') === 'two_sided'
          ? { benefit: benefitOf(spec, e.measure, e.type ?? 'change') }
          : {}),
      ...(a.estimand !== undefined ? { estimand: camelKeys(a.estimand) } : {}),
      ...(a.covariance !== undefined ? { covariance: a.covariance } : {}),
    };
  });
}

function multiplicityInput(s: Scenario): unknown {
  const m = s.multiplicity;
  if (m === undefined) return undefined;
  return {
    ...(m.procedure !== undefined ? { procedure: m.procedure } : {}),
    ...(m.alpha !== undefined ? { alpha: m.alpha } : {}),
    ...(m.family !== undefined ? { family: m.family } : {}),
    ...(m.weights !== undefined ? { weights: m.weights } : {}),
    ...(m.transitions !== undefined ? { transitions: m.transitions } : {}),
  };
}

/** A parsed analysis written back as explicit parser input. */
function explicitAnalysis(a: AnalysisSpec): AnalysisInput {
  const e = a.endpoint;
  return {
    id: a.id,
    endpoint: {
      measure: e.measure,
      week: e.week,
      type: e.type,
      ...(isResponderEndpoint(e.type) ? { threshold: e.threshold } : {}),
      // -Infinity (everyone) is the parser's default: left out, so the spec stays JSON
      ...(e.baselineAbove !== -Infinity ? { baselineAbove: e.baselineAbove } : {}),
      dropout: e.dropout,
      crossover: e.crossover,
      deterioration: e.deterioration,
    },
    method: a.method,
    covariates: [...a.covariates],
    ...(a.strata !== null ? { strata: { measure: a.strata.measure, cuts: [...a.strata.cuts] } } : {}),
    sidedness: a.sidedness,
    alpha: a.alpha,
    ciLevel: a.ciLevel,
    benefit: a.benefit,
    ...(a.estimand !== undefined ? { estimand: a.estimand } : {}),
    ...(a.covariance !== undefined ? { covariance: a.covariance } : {}),
  };
}

function explicitMultiplicity(m: MultiplicitySpec): MultiplicityInput {
  return {
    procedure: m.procedure,
    alpha: m.alpha,
    family: [...m.family],
    ...(m.procedure === 'graphical' ? { weights: [...m.weights], transitions: m.transitions.map((r) => [...r]) } : {}),
  };
}

function specProblem(err: unknown): SpecProblem {
  if (err instanceof SpecError) return { path: layerPath(err.path), message: MSG.relayed(err.message.slice(err.path.length + 2)) };
  return fromLayerMessage(err instanceof Error ? err.message : String(err));
}

/**
 * The kernel spec of one design point (a scenario without a sweep) and its
 * null (effect scale 0). `cache` may be shared by the points of one scenario.
 */
export function toKernelSpec(s: Scenario, cache: ModelCache = new Map()): Converted {
  const problems: SpecProblem[] = [];
  const model = modelSpec(s.model, problems);
  const compiledModel = model === null ? null : compiled(model, cache, problems);

  // Each layer's resolver runs only on input that passed this file's own checks
  // of it, so a problem is reported once, in the scenario's words.
  const base = s.model.kind === 'proderm' ? PRODERM_DESIGN : PARAMETRIC_DESIGN;
  const designProblems: SpecProblem[] = [];
  const dIn = designInput(s.design ?? {}, base, compiledModel, designProblems);
  let design: DesignSpec | null = null;
  if (designProblems.length > 0) problems.push(...designProblems);
  else {
    const d = resolveDesignSpec(dIn, base);
    if (!d.ok) problems.push(...d.errors.map(fromLayerMessage));
    else if (compiledModel !== null) {
      const clash = checkTrialSpec(compiledModel, d.design);
      if (clash.length > 0) problems.push(...clash.map(fromLayerMessage));
      else if (d.design.outcomeDropout !== undefined || d.design.discontinuation !== undefined) {
        // A share the mechanism cannot reach is found by solving its intercept, as the trial will.
        try {
          if (d.design.discontinuation !== undefined) solveDiscontinuationIntercepts(compiledModel, d.design, d.design.discontinuation.hazard);
          if (d.design.outcomeDropout !== undefined) solveDropoutIntercepts(compiledModel, d.design, d.design.outcomeDropout);
          design = d.design;
        } catch (err) {
          problems.push(fromLayerMessage(err instanceof Error ? err.message : String(err)));
        }
      } else design = d.design;
    }
  }

  // Effects stated as true differences: solved into the model's parameters now, for this design's population.
  let kernelModel = model;
  let statedEffects: SolvedEffect[] = [];
  if (model !== null && model.kind === 'proderm' && compiledModel !== null && design !== null) {
    const r = applyStatedEffects(s, model.params, compiledModel, design, screeningCache(cache));
    if (!r.ok) problems.push(...r.problems);
    else if (r.solved.length > 0) {
      kernelModel = { kind: 'proderm', params: r.params };
      statedEffects = r.solved;
      compiled(kernelModel, cache, problems);
    }
  }

  const analysisProblems: SpecProblem[] = [];
  const aIn = analysesInput(s, compiledModel, analysisProblems, model);
  let analyses: AnalysisSpec[] | null = null;
  let multiplicity: MultiplicitySpec | null = null;
  if (analysisProblems.length > 0) problems.push(...analysisProblems);
  else if (compiledModel !== null) {
    const horizon = s.design?.horizon_week ?? null;
    const visits = horizon === null ? compiledModel.fullVisits : compiledModel.fullVisits.filter((w) => w <= horizon);
    try {
      analyses = parseAnalysisSpecs(aIn, 'analyses', visits);
      multiplicity = parseMultiplicitySpec(multiplicityInput(s), analyses, 'multiplicity');
      compileAnalysisPlan(analyses, multiplicity);
    } catch (err) {
      problems.push(specProblem(err));
      multiplicity = null;
    }
  }

  if (design?.interim !== undefined && analyses !== null) problems.push(...checkInterim(design.interim, analyses).map(fromLayerMessage));
  // A strategy for an event the design never has would do nothing.
  if (design !== null && design.discontinuation === undefined && analyses !== null) {
    analyses.forEach((a, i) => {
      const stop = a.estimand?.discontinuation;
      if (stop !== undefined && stop !== 'treatment_policy') problems.push({ path: ['analyses', i, 'estimand', 'discontinuation'], message: MSG.noDiscontinuation(stop) });
    });
  }
  if (s.model.kind === 'parametric' && s.design?.dropout?.after_primary !== undefined) {
    problems.push({ path: ['design', 'dropout', 'after_primary'], message: MSG.noVisitAfterPrimary });
  }
  if (compiledModel !== null && design !== null && analyses !== null && problems.length === 0) {
    problems.push(...estimabilityProblems(s, compiledModel, design, analyses, screeningCache(cache)));
  }
  // A success criterion and design prior: the model at the prior's mean, each replicate drawing its own θ.
  let assurance: AssuranceSpec | null = null;
  if (kernelModel !== null && compiledModel !== null && design !== null && analyses !== null && problems.length === 0) {
    const r = designPrior(s, kernelModel, compiledModel, design, analyses.map((a) => a.id), screeningCache(cache), priorsOf(cache));
    if (!r.ok) problems.push(...r.problems);
    else {
      kernelModel = r.model;
      assurance = r.assurance;
    }
  }
  if (kernelModel === null || design === null || analyses === null || multiplicity === null || problems.length > 0) return { ok: false, problems };
  const spec: KernelSpec = {
    model: kernelModel,
    design,
    analyses: analyses.map(explicitAnalysis),
    multiplicity: explicitMultiplicity(multiplicity),
    ...(assurance !== null ? { assurance } : {}),
  };
  // The null run: θ = 0 (effect scale 0), the same success criterion and record, no prior.
  const nullAssurance = assurance === null ? {} : { assurance: { ...assurance, prior: null } };
  return { ok: true, spec, nullSpec: { ...spec, model: withEffectScale(kernelModel, 0), ...nullAssurance }, statedEffects };
}
