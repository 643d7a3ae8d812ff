// The piscina worker entry: load the kernel for the task's (module, spec) —
// cached, a worker runs many tasks of the same designs — run the task's blocks
// and hand back their accumulators. All the work is in src/engine/runBlocks.ts.
import type { Kernel } from '../src/engine/kernel.js';
import { loadKernel } from '../src/engine/kernel.js';
import { runBlocks } from '../src/engine/runBlocks.js';
import type { BlockTask, TaskResult } from '../src/engine/task.js';

const CACHE_LIMIT = 64;
const kernels = new Map<string, Promise<Kernel>>();

function kernelFor(module: string, key: string, spec: unknown): Promise<Kernel> {
  let k = kernels.get(key);
  if (k === undefined) {
    if (kernels.size >= CACHE_LIMIT) kernels.delete(kernels.keys().next().value as string);
    k = loadKernel(module, spec);
    k.catch(() => kernels.delete(key));
    kernels.set(key, k);
  }
  return k;
}

export default async function replicate(task: BlockTask): Promise<TaskResult> {
  if (task.delayMs > 0) await new Promise((r) => setTimeout(r, task.delayMs));
  const kernel = await kernelFor(task.kernelModule, task.specKey, task.spec);
  const nullKernel = task.nullSpecKey === null ? null : await kernelFor(task.kernelModule, task.nullSpecKey, task.nullSpec);
  return runBlocks(task, kernel, nullKernel);
}
