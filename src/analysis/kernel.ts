// The production kernel: one replicate = simulate a trial from its own
// streams, analyse it into the fixed-width record (src/engine/layout.ts).
//
//   spec ──parseKernelSpec (once)──▶ compiled trial + analysis plan + workspace
//   run(seed, index, out): streamFor(seed, index, 'patients' | 'allocation')
//        ──simulate──▶ Cohort ──analyseTrial──▶ out
import type { Kernel } from '../engine/kernel.js';
import { streamFor } from '../random/stream.js';
import { analyseTrial } from './analyseTrial.js';
import { parseKernelSpec } from './kernelSpec.js';
import { createWorkspace, ensureCapacity } from './workspace.js';

export function createKernel(spec: unknown): Kernel {
  const { compiled, plan } = parseKernelSpec(spec);
  let ws = createWorkspace(compiled.design.sampleSize, plan.analyses.length, plan.family.length);
  return {
    layout: plan.layout,
    run(seed: number, index: number, out: Float64Array): void {
      const cohort = compiled.simulate(streamFor(seed, index, 'patients'), streamFor(seed, index, 'allocation'));
      ws = ensureCapacity(ws, cohort.n);
      analyseTrial(cohort, plan, ws, out);
    },
  };
}
