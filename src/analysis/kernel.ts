// The production kernel: one replicate = simulate a trial from its own
// streams, analyse it into the fixed-width record (src/engine/layout.ts).
//
//   spec ──parseKernelSpec (once)──▶ compiled trial + analysis plan + workspace
//   run(seed, index, out): streamFor(seed, index, 'patients' | 'allocation')
//        ──draw──▶ TrialDraws ──fromDraws──▶ Cohort ──analyseTrial──▶ out
//
// The simulation allocates almost nothing per replicate (the two stream keys,
// a boxed number for the rare tail normal): the two streams are re-seeded in
// place, the draws, the cohort and the workspace are reused, and the trial
// computes its visits only up to the last week an analysis reads, and of those
// only the values an analysis reads (valueNeeds.ts). Every uniform is still
// drawn, so the values computed are those of the full trial. The analyses
// allocate their statistics' small result records and scratch arrays (about
// 29 KB per replicate of the shipped scenario, design and null; the young
// generation's collector takes about 1% of the time).
//
// Common random numbers: the engine runs replicate i of a design and then of
// its null (the same spec with effect scale 0), from the same streams, so
// both draw the same patients: the same baselines, arms, dropouts and latent
// draws, hence the same potential outcomes under placebo. Kernels created
// together (createKernels: the engine's design and null) whose trials have
// the same drawsKey hold one patients record, drawn by the first of them to
// run index i and read by the others; the patients' placebo potential
// outcomes, computed lazily by whichever kernel reads them first, are kept
// with it. The record is tagged with (seed, index) and redrawn on any other
// index, so a replicate never depends on which kernel ran before it.
import type { Kernel } from '../engine/kernel.js';
import { newModelSetups, type CompiledTrial, type ModelSetups, type TrialDraws } from '../design/trial.js';
import { AleaStream, streamKey } from '../random/stream.js';
import { analyseTrial } from './analyseTrial.js';
import type { AnalysisPlan } from './analysisPlan.js';
import { compileSequential, newBoundsCache, type BoundsCache, type CompiledSequential } from './sequential.js';
import type { InterimSpec } from '../design/interim.js';
import type { DesignSpec } from '../design/designSpec.js';
import { withSequential } from '../engine/layout.js';
import { parseKernelSpec, type KernelSpec } from './kernelSpec.js';
import { drawEffects, newPriorStreams, parametricControl, responseShifts, writeSuccess, type AssuranceSpec } from './assurance.js';
import type { ParametricParams } from '../model/parametricParams.js';
import { withAssurance, type AssuranceLayout, type ReplicateLayout } from '../engine/layout.js';
import { analysedTrial } from './valueNeeds.js';
import { createWorkspace, ensureCapacity } from './workspace.js';

/** The patients of one replicate, held by the kernels that share them. */
interface SharedDraws {
  readonly draws: TrialDraws;
  readonly patients: AleaStream;
  readonly allocation: AleaStream;
  /** (seed, index) the draws are of; index -1: none yet. */
  seed: number;
  index: number;
}

function newSharedDraws(trial: CompiledTrial): SharedDraws {
  return { draws: trial.newDraws(), patients: new AleaStream(''), allocation: new AleaStream(''), seed: NaN, index: -1 };
}

function kernelOf(
  { compiled, plan, assurance, trial: trialSpec }: KernelSpec,
  shared: (trial: CompiledTrial) => SharedDraws,
  boundsCache: (interim: InterimSpec) => BoundsCache = () => newBoundsCache(),
): Kernel {
  const trial = analysedTrial(compiled, plan.analyses);
  const cohort = trial.newCohort();
  // A drawn placebo response changes the placebo outcomes a record caches
  // (response.ts: the primary week's, the deterioration verdict), which
  // kernels sharing the record (the null run) would read: its own records.
  const own = assurance?.prior?.placebo != null ? newSharedDraws(trial) : shared(trial);
  let ws = createWorkspace(compiled.design.sampleSize, plan.analyses.length, plan.family.length);
  const sequential = sequentialOf(compiled.design, plan, boundsCache);
  const accrual = new AleaStream('');
  const base = sequential === null ? plan.layout : withSequential(plan.layout, sequential.layout.analysis, sequential.layout.looks);
  const success = assurance === null ? null : successOf(assurance, base, plan);
  const priorStreams = newPriorStreams();
  const setShift = assurance?.prior != null ? compiled.model.setResponseShift : undefined;
  const setMeans = assurance?.prior != null ? compiled.model.setNormalMeans : undefined;
  // Parametric: the spec's control mean of the prior's endpoint (the drawn placebo response replaces it).
  const specControl = trialSpec.model.kind === 'parametric' && assurance?.prior != null ? normalControlMean(trialSpec.model.params, assurance.prior.measure) : NaN;
  // Every model has its response slot (a model without one could not take a prior: refused here, not per replicate).
  if (assurance?.prior != null && setShift === undefined && setMeans === undefined) throw new Error(`assurance: the ${compiled.model.kind} model has no response slot for a design prior`);
  return {
    layout: success === null ? base : success.layout,
    run(seed: number, index: number, out: Float64Array): void {
      if (own.index !== index || own.seed !== seed) {
        own.index = -1; // invalid until drawn (a throw below leaves nothing stale)
        own.patients.reseed(streamKey(seed, index, 'patients'));
        own.allocation.reseed(streamKey(seed, index, 'allocation'));
        trial.draw(own.patients, own.allocation, own.draws);
        own.seed = seed;
        own.index = index;
      }
      let theta = NaN;
      if (assurance?.prior != null) {
        const drawn = drawEffects(assurance.prior, seed, index, priorStreams);
        theta = drawn.theta;
        if (setShift !== undefined) {
          // ProDERM: the kernel's own model moved to the replicate's response (as compiling it there would give).
          const shift = responseShifts(assurance.prior, theta, drawn.placebo);
          setShift(assurance.prior.measure, shift.placebo, shift.ivig);
        } else {
          // Parametric: the kernel's own model at the replicate's means (as compiling it there would give).
          const control = parametricControl(assurance.prior, specControl, drawn.placebo);
          setMeans!(assurance.prior.measure, control, control + theta);
        }
      }
      const c = trial.fromDraws(own.draws, cohort);
      ws = ensureCapacity(ws, c.n);
      analyseTrial(c, plan, ws, out);
      if (sequential !== null) {
        accrual.reseed(streamKey(seed, index, 'accrual'));
        sequential.run(c, ws, accrual, out);
      }
      if (success !== null) writeSuccess(out, success.block, success.analysisOffset, success.benefit, (assurance as AssuranceSpec).estimateBeyond, theta);
    },
  };
}

/** Where the success criterion reads and writes. */
function successOf(assurance: AssuranceSpec, base: ReplicateLayout, plan: AnalysisPlan): { layout: ReplicateLayout; block: AssuranceLayout; analysisOffset: number; benefit: AnalysisPlan['analyses'][number]['benefit'] } {
  const i = plan.analyses.findIndex((a) => a.id === assurance.analysis);
  const layout = withAssurance(base, i, assurance.edges, assurance.estimateBeyond);
  return { layout, block: layout.assurance!, analysisOffset: base.analyses[i].offset, benefit: plan.analyses[i].benefit };
}

/** The looks of a group-sequential design (sequential.ts), or null for a single look. */
function sequentialOf(design: DesignSpec, plan: AnalysisPlan, boundsCache: (interim: InterimSpec) => BoundsCache): CompiledSequential | null {
  const interim = design.interim;
  if (interim === undefined || design.accrual === undefined) return null;
  const analysis = interim.analysis === null ? 0 : plan.analyses.findIndex((a) => a.id === interim.analysis);
  const layout = withSequential(plan.layout, analysis, interim.looks.length).sequential!;
  return compileSequential(interim, design.accrual, plan, layout, design.sampleSize, boundsCache(interim));
}

export function createKernel(spec: unknown): Kernel {
  return kernelOf(parseKernelSpec(spec), newSharedDraws);
}

/** What kernels keep for later ones made with the same context (a worker's): the model set-up. */
export interface KernelContext {
  setups?: ModelSetups;
}

/**
 * Kernels of several specs (the engine's design and its null) that share what
 * they have in common: the model set-up (also with later kernels made with
 * the same `context`), and the patients of a replicate when their trials have
 * the same drawsKey. Each gives the records it gives alone.
 */
export function createKernels(specs: readonly unknown[], context: KernelContext = {}): Kernel[] {
  const setups = (context.setups ??= newModelSetups());
  const byKey = new Map<string, SharedDraws>();
  const shared = (trial: CompiledTrial): SharedDraws => {
    let s = byKey.get(trial.drawsKey);
    if (s === undefined) byKey.set(trial.drawsKey, (s = newSharedDraws(trial)));
    return s;
  };
  // The design and its null have the same looks: the boundaries at a tuple of counts are computed once for both.
  const bounds = new Map<string, BoundsCache>();
  const boundsCache = (interim: InterimSpec): BoundsCache => {
    const key = JSON.stringify(interim);
    let c = bounds.get(key);
    if (c === undefined) bounds.set(key, (c = newBoundsCache()));
    return c;
  };
  return specs.map((spec) => kernelOf(parseKernelSpec(spec, setups), shared, boundsCache));
}

/** A parametric model's normal endpoint's control mean (NaN when the endpoint is not normal: the prior's checks refuse that). */
function normalControlMean(params: ParametricParams, endpoint: string): number {
  const ep = params.endpoints.find((e) => e.id === endpoint);
  return ep !== undefined && ep.type === 'normal' ? ep.mean.control : NaN;
}
