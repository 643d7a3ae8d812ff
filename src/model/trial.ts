// One simulated trial: screen patients from the model's population until the
// design's sample size is eligible, randomize them (permuted blocks within
// strata), draw dropout, and generate every visit.
//
// Common random numbers: each screened patient takes the same fixed number of
// uniforms from the `patients` stream, in screening order, whatever the
// design does with them; arms come from the separate `allocation` stream. So
// patient i is the same person in every design of a sweep (n, ratio,
// eligibility, effect scale), and designs that differ only in the effect
// scale differ only through the treatment effect.
import { createAllocation, allocate } from '../design/allocation.js';
import type { DesignSpec } from '../design/designSpec.js';
import { dropoutWeekOf } from '../design/dropout.js';
import { meetsRule, strataCount, stratumOf } from '../design/screening.js';
import type { RandomStream } from '../random/stream.js';
import { allocateCohort, truncateCohort, type Cohort } from './cohort.js';
import type { CompiledModel } from './compiledModel.js';
import { compileParametric } from './parametric.js';
import type { ParametricParams } from './parametricParams.js';
import { compileProderm } from './proderm.js';
import type { ProdermParams } from './prodermParams.js';

export type ModelSpec = { readonly kind: 'proderm'; readonly params: ProdermParams } | { readonly kind: 'parametric'; readonly params: ParametricParams };

/** Everything one simulated trial needs; plain serialisable data. */
export interface TrialSpec {
  readonly model: ModelSpec;
  readonly design: DesignSpec;
}

export interface CompiledTrial {
  readonly model: CompiledModel;
  readonly design: DesignSpec;
  /** Visit weeks of every cohort this trial produces. */
  readonly visits: readonly number[];
  /** Uniforms drawn from the patients stream per screened patient. */
  readonly drawsPerPatient: number;
  simulate(patients: RandomStream, allocation: RandomStream): Cohort;
}

export function compileModel(model: ModelSpec): CompiledModel {
  return model.kind === 'proderm' ? compileProderm(model.params) : compileParametric(model.params);
}

/** Consistency of a design with a model (measure names, horizon, crossover); empty when fine. */
export function checkTrialSpec(model: CompiledModel, design: DesignSpec): string[] {
  const errors: string[] = [];
  const check = (id: string, where: string): void => {
    if (!model.measureIds.includes(id)) errors.push(`${where}: '${id}' is not a measure of the ${model.kind} model (${model.measureIds.join(', ')})`);
    else if (!model.baselineMeasures.includes(id)) errors.push(`${where}: '${id}' has no week-0 value to screen or stratify on (measures with one: ${model.baselineMeasures.join(', ')})`);
  };
  design.eligibility.forEach((r, i) => check(r.measure, `design.eligibility[${i}].measure`));
  if (design.stratification !== null) check(design.stratification.measure, 'design.stratification.measure');
  if (design.crossover && !model.supportsCrossover) errors.push(`design.crossover: the ${model.kind} model has no deterioration rule; set crossover: false`);
  if (design.horizonWeek !== null && design.horizonWeek < model.primaryWeek)
    errors.push(`design.horizonWeek: ${design.horizonWeek} ends before the primary week ${model.primaryWeek}`);
  return errors;
}

/** Compile once, simulate many: tables and factors are built here, not per replicate. Throws on an inconsistent spec. */
export function compileTrial(spec: TrialSpec): CompiledTrial {
  const model = compileModel(spec.model);
  const design = spec.design;
  const errors = checkTrialSpec(model, design);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const horizon = design.horizonWeek ?? Infinity;
  const visits = model.fullVisits.filter((w) => w <= horizon);
  const lastWeek = visits[visits.length - 1];
  const K = model.drawsPerPatient(visits.length);
  const pBefore = design.dropout.beforePrimary ?? model.defaultDropout[0];
  const pAfter = design.dropout.afterPrimary ?? model.defaultDropout[1];
  const nStrata = strataCount(design.stratification);
  const strataMeasure = design.stratification === null ? -1 : model.measureIds.indexOf(design.stratification.measure);
  const cutpoints = design.stratification?.cutpoints ?? [];
  const rules = design.eligibility.map((r) => ({ rule: r, index: model.measureIds.indexOf(r.measure) }));
  const u = new Float64Array(K);
  const base = new Float64Array(model.measureIds.length);

  const simulate = (patients: RandomStream, allocation: RandomStream): Cohort => {
    const n = design.sampleSize;
    const cohort = allocateCohort(n, visits, model.measureIds, model.armLabels);
    const state = createAllocation(design, nStrata);
    const limit = Math.ceil(n * design.screeningLimit);
    let enrolled = 0;
    let screened = 0;
    while (enrolled < n && screened < limit) {
      for (let j = 0; j < K; j++) u[j] = patients.uniform();
      screened++;
      model.baseline(u, base);
      let eligible = true;
      for (let r = 0; r < rules.length; r++) {
        if (!meetsRule(rules[r].rule, base[rules[r].index])) {
          eligible = false;
          break;
        }
      }
      if (!eligible) continue;
      const stratum = strataMeasure < 0 ? 0 : stratumOf(cutpoints, base[strataMeasure]);
      const arm = allocate(state, stratum, allocation);
      let dropout = dropoutWeekOf(u[model.dropoutDraw], pBefore, pAfter, model.fullVisits, model.primaryWeek);
      if (dropout > lastWeek) dropout = NaN;
      cohort.arm[enrolled] = arm;
      cohort.stratum[enrolled] = stratum;
      cohort.dropoutWeek[enrolled] = dropout;
      model.outcomes(u, base, arm, dropout, design.crossover, cohort, enrolled);
      enrolled++;
    }
    cohort.screened = screened;
    return enrolled < n ? truncateCohort(cohort, enrolled) : cohort;
  };
  return { model, design, visits, drawsPerPatient: K, simulate };
}

const compiled = new WeakMap<TrialSpec, CompiledTrial>();

/**
 * One simulated trial. Patient characteristics and outcomes come from
 * `patients`, randomization from `allocation`. The compiled form is cached per
 * spec object, so pass the same spec object for every replicate (or hold a
 * compileTrial result).
 */
export function simulateTrial(spec: TrialSpec, patients: RandomStream, allocation: RandomStream): Cohort {
  let c = compiled.get(spec);
  if (c === undefined) {
    c = compileTrial(spec);
    compiled.set(spec, c);
  }
  return c.simulate(patients, allocation);
}
