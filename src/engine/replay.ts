// Replay one replicate alone, in this thread: the debugging path for a
// replicate the run recorded as failed (its index and seed are in result.json).
import { kernelModuleUrl, loadKernel } from './kernel.js';

/** The record of replicate `index`, exactly as a worker computes it; throws as the kernel throws. */
export async function replayReplicate(kernelModule: string, spec: unknown, seed: number, index: number): Promise<Float64Array> {
  const kernel = await loadKernel(kernelModuleUrl(kernelModule), spec);
  const out = new Float64Array(kernel.layout.width).fill(NaN);
  kernel.run(seed, index, out);
  return out;
}
