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
// Common random numbers, computed once: the engine runs replicate i of a
// design and then of its null (the same spec with effect scale 0), from the
// same streams. Their draws (screening, arms, dropout, baselines, latents) are
// identical by construction, so kernels whose trials have the same drawsKey
// share one draws buffer, and the second kernel to run index i reuses what
// the first drew. The buffer is tagged with (seed, index) and redrawn on any
// other index, so a record never depends on which kernel ran before it. (The
// model may also remember effect-free results in the draws, as ProDERM does
// the placebo deterioration verdict: the same value whichever kernel computes it.)
import type { Kernel } from '../engine/kernel.js';
import type { CompiledTrial, TrialDraws } from '../model/trial.js';
import { AleaStream, streamKey } from '../random/stream.js';
import { analyseTrial } from './analyseTrial.js';
import { parseKernelSpec } from './kernelSpec.js';
import { analysedTrial } from './valueNeeds.js';
import { createWorkspace, ensureCapacity } from './workspace.js';

interface SharedDraws {
  readonly draws: TrialDraws;
  readonly patients: AleaStream;
  readonly allocation: AleaStream;
  /** (seed, index) the draws are of; index -1: none yet. */
  seed: number;
  index: number;
}

/** Draws by drawsKey, shared by the kernels of this module instance (one worker). */
const SHARED = new Map<string, SharedDraws>();
const SHARED_LIMIT = 16;

function sharedDraws(trial: CompiledTrial): SharedDraws {
  let s = SHARED.get(trial.drawsKey);
  if (s === undefined) {
    if (SHARED.size >= SHARED_LIMIT) SHARED.delete(SHARED.keys().next().value as string);
    s = { draws: trial.newDraws(), patients: new AleaStream(''), allocation: new AleaStream(''), seed: NaN, index: -1 };
    SHARED.set(trial.drawsKey, s);
  }
  return s;
}

export function createKernel(spec: unknown): Kernel {
  const { compiled, plan } = parseKernelSpec(spec);
  const trial = analysedTrial(compiled, plan.analyses);
  const cohort = trial.newCohort();
  const shared = sharedDraws(trial);
  let ws = createWorkspace(compiled.design.sampleSize, plan.analyses.length, plan.family.length);
  return {
    layout: plan.layout,
    run(seed: number, index: number, out: Float64Array): void {
      if (shared.index !== index || shared.seed !== seed) {
        shared.index = -1; // invalid until drawn (a throw below leaves nothing stale)
        shared.patients.reseed(streamKey(seed, index, 'patients'));
        shared.allocation.reseed(streamKey(seed, index, 'allocation'));
        trial.draw(shared.patients, shared.allocation, shared.draws);
        shared.seed = seed;
        shared.index = index;
      }
      const c = trial.fromDraws(shared.draws, cohort);
      ws = ensureCapacity(ws, c.n);
      analyseTrial(c, plan, ws, out);
    },
  };
}
