// One simulated trial: screen patients from the model's population until the
// design's sample size is eligible, randomize them (permuted blocks within
// strata), draw dropout (patientsDrawer), then the observed trial: each
// patient's values from the model under the trial's mechanisms (observer).
//
// Common random numbers: each screened patient takes the same fixed number of
// uniforms from the `patients` stream, in screening order, whatever the
// design does with them; arms come from the separate `allocation` stream. So
// patient i is the same person in every design of a sweep (n, ratio,
// eligibility, effect scale), and designs that differ only in the effect
// scale differ only through the treatment effect.
import { allocate, createAllocation, resetAllocation } from './allocation.js';
import type { DesignSpec } from './designSpec.js';
import { mcarDropout } from './dropout.js';
import { covariateAt, covariateCode, outcomeDropoutWeek, solveIntercept, type OutcomeDropout } from './outcomeDropout.js';
import { wane } from './discontinuation.js';
import { streamFor } from '../random/stream.js';
import { meetsRule, strataCount, stratumOf } from './screening.js';
import { SWITCH_RULE } from './switchRule.js';
import type { RandomStream } from '../random/stream.js';
import { allocateCohort, truncateCohort, type Cohort } from '../model/cohort.js';
import type { CompiledModel, ValueNeeds } from '../model/compiledModel.js';
import { compileParametric } from '../model/parametric.js';
import type { ParametricParams } from '../model/parametricParams.js';
import { compileProderm, type ProdermSetups } from '../model/proderm.js';
import type { ProdermParams } from '../model/prodermParams.js';

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
  /** A new cohort; the simulated trial is a new object every call. */
  simulate(patients: RandomStream, allocation: RandomStream): Cohort;
  /** A cohort of `design.sampleSize` patients for simulateInto. */
  newCohort(): Cohort;
  /**
   * The same trial as simulate, written over `cohort` (from newCohort) and
   * returned: no allocation per trial. A trial whose screening enrolled fewer
   * than planned comes back as a new, shorter cohort.
   */
  simulateInto(patients: RandomStream, allocation: RandomStream, cohort: Cohort): Cohort;
  /**
   * What two trials with the same patients share: a trial's draws depend on
   * nothing but this key and the streams (the model's effect-free parameters,
   * the design, the visits computed). Two trials that differ only in the
   * treatment effect have the same key.
   */
  readonly drawsKey: string;
  /** Buffers for draw. */
  newDraws(): TrialDraws;
  /** The effect-free part of a trial (screening, arms, dropout, each patient's baseline and latents) into `draws`. */
  draw(patients: RandomStream, allocation: RandomStream, draws: TrialDraws): void;
  /**
   * The trial from draws (made by this trial, or by one with the same
   * drawsKey) into `cohort`: simulateInto is draw then fromDraws.
   */
  fromDraws(draws: TrialDraws, cohort: Cohort): Cohort;
  /** The solved intercepts of an outcome-dependent dropout (design.outcomeDropout), per arm. */
  readonly dropoutIntercepts?: readonly [number, number];
  /** The solved intercepts of the discontinuation hazard (design.discontinuation), per arm. */
  readonly discontinuationIntercepts?: readonly [number, number];
}

/** The effect-free part of one simulated trial, per enrolled patient. */
export interface TrialDraws {
  enrolled: number;
  screened: number;
  readonly arm: Uint8Array;
  readonly stratum: Uint8Array;
  readonly dropoutWeek: Float64Array;
  /** enrolled × measures: week-0 values. */
  readonly base: Float64Array;
  /** enrolled × width: the model's latent record (ModelSplit), or the patient's uniforms. */
  readonly latent: Float64Array;
  /** The patient's dropout uniform (an outcome-dependent dropout reads it once the trajectory is known). */
  readonly dropoutDraw: Float64Array;
  /** The patient's discontinuation uniform (from the allocation stream; drawn only with design.discontinuation). */
  readonly discontinuationDraw: Float64Array;
}

export interface TrialOptions {
  /**
   * Compute the visits only up to this week (never before the primary week,
   * where the crossover rule ends). The patients still draw every uniform of
   * the design's horizon, so each computed value, dropout, switch and
   * deterioration is the one the full trial has; the cohort's visits stop here.
   * For a kernel whose analyses read no later visit. Default: the design's horizon.
   */
  readonly throughWeek?: number;
  /**
   * Compute only these values (a kernel: those its analyses read; the model
   * may compute more). Its visits are those of the cohort. Default: all.
   */
  readonly needs?: ValueNeeds;
  /** Instead of design.sampleSize (the truth's large population, in chunks). */
  readonly sampleSize?: number;
}

/**
 * The set-up a caller's models may share (the ProDERM tables of the
 * parameters but the effect scale), owned by that caller: a design and its
 * null, or the points of a sweep, compiled with one ModelSetups build it once.
 */
export interface ModelSetups {
  readonly proderm: ProdermSetups;
}

export const newModelSetups = (): ModelSetups => ({ proderm: new Map() });

export function compileModel(model: ModelSpec, setups?: ModelSetups): CompiledModel {
  return model.kind === 'proderm' ? compileProderm(model.params, setups?.proderm) : compileParametric(model.params);
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
  design.discontinuation?.hazard.forEach((arm, a) => {
    if (arm.measure !== '') check(arm.measure, `design.discontinuation.hazard${design.discontinuation?.hazard[0] === design.discontinuation?.hazard[1] ? '' : `[${a}]`}.measure`);
    if (arm.mechanism === 'mar' && arm.on === 'deterioration' && !model.supportsCrossover)
      errors.push(`design.discontinuation.hazard: the ${model.kind} model has no deterioration rule for 'on: deterioration'`);
  });
  design.outcomeDropout?.forEach((arm, a) => {
    if (arm.measure !== '') check(arm.measure, `design.dropoutModel${design.outcomeDropout?.[0] === design.outcomeDropout?.[1] ? '' : `[${a}]`}.measure`);
    if (arm.mechanism === 'mar' && arm.on === 'deterioration' && !model.supportsCrossover)
      errors.push(`design.dropoutModel: the ${model.kind} model has no deterioration rule for mar dropout 'on: deterioration'`);
  });
  return errors;
}

/** Compile once, simulate many: tables and factors are built here, not per replicate. Throws on an inconsistent spec. */
export function compileTrial(spec: TrialSpec, options: TrialOptions = {}, setups?: ModelSetups): CompiledTrial {
  return trialOf(compileModel(spec.model, setups), spec.design, options);
}

/** The same trial (sharing its compiled model) with other options, e.g. fewer computed visits. */
export function retargetTrial(trial: CompiledTrial, options: TrialOptions): CompiledTrial {
  // The dropout intercepts depend on neither the options nor the sample size: solved once.
  return trialOf(trial.model, trial.design, options, trial.dropoutIntercepts, trial.discontinuationIntercepts);
}

/**
 * The same trial with another compiled model whose patients are drawn alike
 * (a replicate's effect drawn from a design prior): it reads draws made by
 * `trial`. The dropout and discontinuation intercepts stay the trial's.
 */
export function trialWithModel(trial: CompiledTrial, model: CompiledModel, options: TrialOptions = {}): CompiledTrial {
  return trialOf(model, trial.design, options, trial.dropoutIntercepts, trial.discontinuationIntercepts);
}

function withoutExactArms(design: DesignSpec): DesignSpec {
  const { exactArms: _, ...rest } = design;
  return rest;
}

/** The sizes of a trial's draws. */
interface TrialShape {
  /** Patients to enrol. */
  readonly n: number;
  /** Measures. */
  readonly M: number;
  /** Uniforms per screened patient (the design's horizon). */
  readonly K: number;
  /** Of those, the ones read (the computed visits'; the tail, later visits' noise, is passed over). */
  readonly read: number;
  /** Length of a patient's record. */
  readonly width: number;
  /** The design's last visit week. */
  readonly lastWeek: number;
}

/**
 * Screening, randomization and dropout, the effect-free part of a trial:
 * patients from the patients stream in screening order until n are eligible,
 * each with its baseline, arm, stratum, dropout week and record.
 */
function patientsDrawer(model: CompiledModel, design: DesignSpec, shape: TrialShape): (patients: RandomStream, allocation: RandomStream, d: TrialDraws) => void {
  const { n, M, K, read, width } = shape;
  const pBefore = design.dropout.beforePrimary ?? model.defaultDropout[0];
  const pAfter = design.dropout.afterPrimary ?? model.defaultDropout[1];
  const dropoutOf = mcarDropout(pBefore, pAfter, model.fullVisits, model.primaryWeek, shape.lastWeek);
  // An arm whose dropout depends on the outcome leaves it to the observer (dropoutWeek NaN here: the full trajectory).
  const outcomeArm = [design.outcomeDropout !== undefined, design.outcomeDropout !== undefined];
  const discontinues = design.discontinuation !== undefined;
  const strataMeasure = design.stratification === null ? -1 : model.measureIds.indexOf(design.stratification.measure);
  const cutpoints = design.stratification?.cutpoints ?? [];
  const rules = design.eligibility.map((r) => ({ rule: r, index: model.measureIds.indexOf(r.measure) }));
  const u = new Float64Array(K);
  const base = new Float64Array(M);
  const state = createAllocation(design, strataCount(design.stratification));
  const split = model.split;
  const eligible = (): boolean => {
    for (let r = 0; r < rules.length; r++) if (!meetsRule(rules[r].rule, base[rules[r].index])) return false;
    return true;
  };
  return (patients, allocation, d) => {
    resetAllocation(state);
    const limit = Math.ceil(n * design.screeningLimit);
    let enrolled = 0;
    let screened = 0;
    while (enrolled < n && screened < limit) {
      patients.uniforms(u, split.rawFrom);
      // The visit noise straight into the patient's latent record (a patient
      // found ineligible leaves it to be overwritten by the next one).
      patients.uniforms(d.latent, read - split.rawFrom, enrolled * width + split.rawAt);
      patients.skip(K - read);
      screened++;
      model.baseline(u, base);
      if (!eligible()) continue;
      const stratum = strataMeasure < 0 ? 0 : stratumOf(cutpoints, base[strataMeasure]);
      d.arm[enrolled] = allocate(state, stratum, allocation);
      if (discontinues) d.discontinuationDraw[enrolled] = allocation.uniform();
      d.stratum[enrolled] = stratum;
      const uDropout = u[model.dropoutDraw];
      d.dropoutWeek[enrolled] = outcomeArm[d.arm[enrolled]] ? NaN : dropoutOf(uDropout);
      d.dropoutDraw[enrolled] = uDropout;
      for (let m = 0; m < M; m++) d.base[enrolled * M + m] = base[m];
      split.latents(u, d.latent, enrolled * width);
      enrolled++;
    }
    d.enrolled = enrolled;
    d.screened = screened;
  };
}

/** The observed trial from draws: each patient's values from the model, under the trial's intercurrent events and dropout. */
function observer(model: CompiledModel, design: DesignSpec, shape: TrialShape, needs: ValueNeeds | null, dropout: OutcomeDropoutRule | null, stopping: OutcomeDropoutRule | null = null): (d: TrialDraws, cohort: Cohort) => Cohort {
  const { n, M, width } = shape;
  const values = model.split.valuesFor(needs, SWITCH_RULE, { width, measures: M, crossover: design.crossover });
  return (d, cohort) => {
    // The model's values function writes every value read (ModelSplit.valuesFor).
    const enrolled = d.enrolled;
    for (let i = 0; i < enrolled; i++) {
      cohort.arm[i] = d.arm[i];
      cohort.stratum[i] = d.stratum[i];
      cohort.dropoutWeek[i] = d.dropoutWeek[i];
      if (cohort.stopWeek !== undefined) cohort.stopWeek[i] = NaN;
      values(d, i, cohort);
      if (stopping !== null) stopping(d, i, cohort);
      if (dropout !== null) dropout(d, i, cohort);
    }
    cohort.n = n;
    cohort.screened = d.screened;
    return enrolled < n ? truncateCohort(cohort, enrolled) : cohort;
  };
}

function trialOf(model: CompiledModel, designIn: DesignSpec, options: TrialOptions, solved?: readonly [number, number], solvedStop?: readonly [number, number]): CompiledTrial {
  // A population of another size (the truth's) is not the design's exact arms.
  const design = options.sampleSize === undefined ? designIn : withoutExactArms({ ...designIn, sampleSize: options.sampleSize });
  const errors = checkTrialSpec(model, design);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const horizon = design.horizonWeek ?? Infinity;
  const drawnVisits = model.fullVisits.filter((w) => w <= horizon);
  const through = Math.max(options.throughWeek ?? Infinity, model.primaryWeek);
  const visits = drawnVisits.filter((w) => w <= through);
  const n = design.sampleSize;
  const M = model.measureIds.length;
  const width = model.split.latentWidth(visits.length);
  const shape: TrialShape = {
    n,
    M,
    K: model.drawsPerPatient(drawnVisits.length),
    read: model.drawsPerPatient(visits.length),
    width,
    lastWeek: drawnVisits[drawnVisits.length - 1],
  };
  const newCohort = (): Cohort => allocateCohort(n, visits, model.measureIds, model.armLabels);
  const newDraws = (): TrialDraws => ({
    enrolled: 0,
    screened: 0,
    arm: new Uint8Array(n),
    stratum: new Uint8Array(n),
    dropoutWeek: new Float64Array(n),
    base: new Float64Array(n * M),
    latent: new Float64Array(n * width),
    dropoutDraw: new Float64Array(n),
    discontinuationDraw: new Float64Array(n),
  });
  const draw = patientsDrawer(model, design, shape);
  const intercepts = design.outcomeDropout === undefined ? undefined : (solved ?? solveDropoutIntercepts(model, design, design.outcomeDropout));
  const dropoutRule = design.outcomeDropout === undefined || intercepts === undefined ? null : outcomeDropoutRule(model, design.outcomeDropout, intercepts);
  let needs = design.outcomeDropout === undefined ? (options.needs ?? null) : withDropoutNeeds(options.needs ?? null, model, design.outcomeDropout, visits.length);
  const stop = design.discontinuation;
  const stopIntercepts = stop === undefined ? undefined : (solvedStop ?? solveDiscontinuationIntercepts(model, design, stop.hazard));
  if (stop !== undefined) needs = withDropoutNeeds(needs, model, stop.hazard, visits.length);
  const stopRule = stop === undefined || stopIntercepts === undefined ? null : discontinuationRule(model, shape, needs, stop, stopIntercepts, newCohort);
  const fromDraws = observer(model, design, shape, needs, dropoutRule, stopRule);
  const own = newDraws();
  const simulateInto = (patients: RandomStream, allocation: RandomStream, cohort: Cohort): Cohort => {
    draw(patients, allocation, own);
    return fromDraws(own, cohort);
  };
  return {
    model,
    design,
    visits,
    drawsPerPatient: shape.K,
    simulate: (patients, allocation) => simulateInto(patients, allocation, newCohort()),
    newCohort,
    simulateInto,
    drawsKey: JSON.stringify([model.drawsKey, design, visits, width]),
    newDraws,
    draw,
    fromDraws,
    ...(intercepts !== undefined ? { dropoutIntercepts: intercepts } : {}),
    ...(stopIntercepts !== undefined ? { discontinuationIntercepts: stopIntercepts } : {}),
  };
}

/** Applies an outcome-dependent dropout to patient i's row of the cohort (written in full). */
type OutcomeDropoutRule = (d: TrialDraws, i: number, cohort: Cohort) => void;

/** Patients the dropout intercepts are solved on, and the seed of their streams (purposes 'dropout-solve-*'). */
export const DROPOUT_SOLVE_PATIENTS = 20_000;
const DROPOUT_SOLVE_SEED = 1313;

/** The needs plus the dropout's measure at every visit (it reads the trajectory). */
function withDropoutNeeds(needs: ValueNeeds | null, model: CompiledModel, od: OutcomeDropout, V: number): ValueNeeds | null {
  if (needs === null) return null;
  const M = model.measureIds.length;
  const at = new Uint8Array(M * V);
  for (let m = 0; m < M; m++) for (let k = 0; k < Math.min(V, needs.nVisits); k++) at[m * V + k] = needs.at[m * needs.nVisits + k];
  for (const arm of od) {
    const m = model.measureIds.indexOf(arm.measure);
    if (m >= 0) for (let k = 1; k < V; k++) at[m * V + k] = 1;
  }
  return { nVisits: V, at, atSwitch: needs.atSwitch };
}

/**
 * The intercept of each arm's dropout hazard, solved on DROPOUT_SOLVE_PATIENTS
 * patients of the design (its eligibility, its switch rule, no dropout), each
 * under that arm's regime, so that the expected share missing the primary
 * week is the arm's `share`. Throws, located, when a share cannot be reached.
 */
export function solveDropoutIntercepts(model: CompiledModel, design: DesignSpec, od: OutcomeDropout): [number, number] {
  // The population keeps the discontinuation (it shapes the trajectories the dropout reads).
  const { outcomeDropout: _, exactArms: __, ...rest } = design;
  return solveHazardIntercepts(model, rest, od, 'design.dropoutModel', 'missing');
}

/** The discontinuation hazard's intercepts, as solveDropoutIntercepts, on a population with no dropout and no discontinuation. */
export function solveDiscontinuationIntercepts(model: CompiledModel, design: DesignSpec, od: OutcomeDropout): [number, number] {
  const { outcomeDropout: _, exactArms: __, discontinuation: ___, ...rest } = design;
  return solveHazardIntercepts(model, rest, od, 'design.discontinuation.hazard', 'stopping treatment before');
}

function solveHazardIntercepts(model: CompiledModel, rest: DesignSpec, od: OutcomeDropout, where: string, what: string): [number, number] {
  const plain: DesignSpec = { ...rest, sampleSize: DROPOUT_SOLVE_PATIENTS, dropout: { beforePrimary: 0, afterPrimary: 0 } };
  // Only the measures the covariates read (deterioration is always computed).
  const V0 = model.fullVisits.filter((w) => w <= model.primaryWeek).length;
  const M = model.measureIds.length;
  const at = new Uint8Array(M * V0);
  for (const arm of od) {
    const m = model.measureIds.indexOf(arm.measure);
    if (m >= 0) for (let k = 1; k < V0; k++) at[m * V0 + k] = 1;
  }
  const trial = trialOf(model, plain, { throughWeek: model.primaryWeek, needs: { nVisits: V0, at, atSwitch: new Uint8Array(M) } });
  const draws = trial.newDraws();
  trial.draw(streamFor(DROPOUT_SOLVE_SEED, 0, 'dropout-solve-patients'), streamFor(DROPOUT_SOLVE_SEED, 0, 'dropout-solve-allocation'), draws);
  const visits = trial.visits;
  const K = visits.indexOf(model.primaryWeek);
  const N = draws.enrolled;
  const cohort = trial.newCohort();
  const x = new Float64Array(N * K);
  const intercepts: [number, number] = [NaN, NaN];
  for (let a = 0; a < 2; a++) {
    const arm = od[a];
    draws.arm.fill(a);
    const c = trial.fromDraws(draws, cohort);
    const values = c.measures[arm.measure] ?? c.measures[model.measureIds[0]];
    const code = covariateCode(arm);
    const V = visits.length;
    for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) x[i * K + k] = covariateAt(code, values, i * V, k, visits, c.deteriorationWeek[i]);
    const sol = solveIntercept(arm.share, arm.slope, x, N, K);
    if (sol === null) throw new Error(`${where}${od[0] === od[1] ? '' : `[${a}]`}.share: a share of ${arm.share} ${what} week ${model.primaryWeek} cannot be reached with slope ${arm.slope} (the ${model.armLabels[a]} arm's trajectories)`);
    intercepts[a] = sol;
  }
  return intercepts;
}

/**
 * Discontinuation applied to patient i's row: the week it stops (the hazard
 * on its trajectory so far, its own uniform), then, in the treatment arm, the
 * effect waning towards its control values without the switch after the last
 * visit on treatment.
 */
function discontinuationRule(
  model: CompiledModel,
  shape: TrialShape,
  needs: ValueNeeds | null,
  stop: NonNullable<DesignSpec['discontinuation']>,
  intercepts: readonly [number, number],
  newCohort: () => Cohort,
): OutcomeDropoutRule {
  const control = model.split.valuesFor(needs, SWITCH_RULE, { width: shape.width, measures: shape.M, crossover: false });
  const scratch = newCohort();
  const codes = stop.hazard.map(covariateCode);
  const measures = stop.hazard.map((a) => (model.measureIds.includes(a.measure) ? a.measure : model.measureIds[0]));
  return (d, i, cohort) => {
    const arm = d.arm[i];
    const visits = cohort.visits;
    const V = visits.length;
    const week = outcomeDropoutWeek(d.discontinuationDraw[i], intercepts[arm], stop.hazard[arm].slope, codes[arm], cohort.measures[measures[arm]], i * V, visits, cohort.deteriorationWeek[i]);
    if (week !== week) return; // did not stop
    const w = visits[visits.indexOf(week) - 1]; // the last visit on treatment
    // The intercurrent event, in either arm, seen at the first visit off treatment (not after an MCAR dropout; outcome dropout: its rule).
    if (cohort.stopWeek !== undefined && !(week >= cohort.dropoutWeek[i])) cohort.stopWeek[i] = w;
    if (arm === 0) return; // a control patient: nothing to wane
    d.arm[i] = 0;
    control(d, i, scratch);
    d.arm[i] = arm;
    for (const id of model.measureIds) wane(cohort.measures[id], scratch.measures[id], i * V, visits, w, stop.waning);
  };
}

function outcomeDropoutRule(model: CompiledModel, od: OutcomeDropout, intercepts: readonly [number, number]): OutcomeDropoutRule {
  const codes = od.map(covariateCode);
  const measures = od.map((a) => (model.measureIds.includes(a.measure) ? a.measure : model.measureIds[0]));
  return (d, i, cohort) => {
    const arm = d.arm[i];
    const visits = cohort.visits;
    const V = visits.length;
    const week = outcomeDropoutWeek(d.dropoutDraw[i], intercepts[arm], od[arm].slope, codes[arm], cohort.measures[measures[arm]], i * V, visits, cohort.deteriorationWeek[i]);
    cohort.dropoutWeek[i] = week;
    if (week !== week) return;
    // Nothing observed from the dropout week on; an event confirmed there or later was never seen.
    for (const id of model.measureIds) {
      const col = cohort.measures[id];
      for (let k = 1; k < V; k++) if (visits[k] >= week) col[i * V + k] = NaN;
    }
    if (cohort.deteriorationWeek[i] >= week) cohort.deteriorationWeek[i] = NaN;
    if (cohort.crossoverWeek[i] >= week) cohort.crossoverWeek[i] = NaN;
    // A stop is seen at the first visit off treatment: one at or after the dropout week was not.
    const stopped = cohort.stopWeek;
    if (stopped !== undefined && stopped[i] === stopped[i]) {
      const k = visits.indexOf(stopped[i]);
      if (k + 1 >= V || visits[k + 1] >= week) stopped[i] = NaN;
    }
  };
}

/**
 * One simulated trial. Patient characteristics and outcomes come from
 * `patients`, randomization from `allocation`. Compiles the spec on every call:
 * for many replicates, compile once with compileTrial and call its simulate.
 */
export function simulateTrial(spec: TrialSpec, patients: RandomStream, allocation: RandomStream): Cohort {
  return compileTrial(spec).simulate(patients, allocation);
}

/** The same model under another design (e.g. the potential-outcome populations of the estimands' truth). */
export function withDesign(trial: CompiledTrial, design: DesignSpec, options: TrialOptions): CompiledTrial {
  return trialOf(trial.model, design, options);
}
