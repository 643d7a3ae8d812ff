// The piscina worker entry: load the kernel for the task's (module, spec) —
// cached, a worker runs many tasks of the same designs — run the task's blocks
// and hand back their accumulators. All the work is in src/engine/runBlocks.ts.
import type { Kernel } from '../src/engine/kernel.js';
import { loadKernels } from '../src/engine/kernel.js';
import { runBlocks } from '../src/engine/runBlocks.js';
import type { BlockTask, TaskResult } from '../src/engine/task.js';
import type { Truth } from '../src/engine/truth.js';
import { finishTruth, gatherTruthParts, truthPartBuffers, type TruthFinishTask, type TruthGatherTask } from '../src/analysis/truth.js';
import { newModelSetups } from '../src/design/trial.js';
import { move, transferableSymbol, valueSymbol } from 'piscina';

const CACHE_LIMIT = 64;
const kernels = new Map<string, Promise<[Kernel, Kernel | null]>>();
/** Per kernel module, what its kernels may keep for later ones in this worker (CreateKernels). */
const contexts = new Map<string, object>();

/** The design's kernel and its null's, made together (they share the patients they both draw). */
function kernelsFor(task: BlockTask): Promise<[Kernel, Kernel | null]> {
  const key = JSON.stringify([task.kernelModule, task.specKey, task.nullSpecKey]);
  let k = kernels.get(key);
  if (k === undefined) {
    if (kernels.size >= CACHE_LIMIT) kernels.delete(kernels.keys().next().value as string);
    let context = contexts.get(task.kernelModule);
    if (context === undefined) contexts.set(task.kernelModule, (context = {}));
    k = loadKernels(task.kernelModule, task.spec, task.nullSpecKey === null ? null : task.nullSpec, context);
    k.catch(() => kernels.delete(key));
    kernels.set(key, k);
  }
  return k;
}

export default async function replicate(task: BlockTask): Promise<TaskResult> {
  if (task.delayMs > 0) await new Promise((r) => setTimeout(r, task.delayMs));
  const [kernel, nullKernel] = await kernelsFor(task);
  return runBlocks(task, kernel, nullKernel);
}

// The truth of a run's populations on the same threads (src/api/truth.ts):
// chunks of every population gathered here, and each population finished here
// from its parts. The parts' buffers are moved, not copied, both ways.
export function truthGather(task: TruthGatherTask): unknown {
  const parts = gatherTruthParts(task.specs, task.options, task.fromChunk, task.toChunk);
  return move({
    get [transferableSymbol]() {
      return parts.flatMap(truthPartBuffers);
    },
    get [valueSymbol]() {
      return parts;
    },
  });
}

/** The model set-up the populations finished on this thread share. */
const truthSetups = newModelSetups();

export function truthFinish(task: TruthFinishTask): Truth {
  return finishTruth(task.spec, task.parts, truthSetups);
}
