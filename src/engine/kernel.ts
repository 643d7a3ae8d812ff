// The replicate kernel: the only thing the engine knows about a trial.
//
// A kernel module is an ES module (a path or file URL) exporting
// `createKernel(spec)`. The engine sends the module's address and a plain,
// structured-clonable spec to each worker, which imports the module once per
// (module, spec) and calls `run` for every replicate index of its task. The
// engine never sees patients, models or analyses, only the fixed-width record
// of layout.ts.
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { ReplicateLayout } from './layout.js';

export interface Kernel {
  layout: ReplicateLayout;
  /**
   * Simulate and analyse replicate `index` of this design; write the record into
   * `out` (length layout.width, NaN-filled by the engine before each call).
   * Pure given (spec, seed, index): derive streams with streamFor(seed, index, purpose),
   * so the same index draws the same numbers in every design and in the null run.
   * May throw: the engine records the index and goes on.
   */
  run(seed: number, index: number, out: Float64Array): void;
}

export type CreateKernel = (spec: unknown) => Kernel;

/** Normalise a kernel module address (relative path, absolute path or URL) to a file URL string. */
export function kernelModuleUrl(module: string): string {
  if (/^(file|data|node):/.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
}

/** Import a kernel module and create the kernel for one spec, checking the contract. */
export async function loadKernel(moduleUrl: string, spec: unknown): Promise<Kernel> {
  const mod: unknown = await import(moduleUrl);
  const create = typeof mod === 'object' && mod !== null ? (mod as { createKernel?: unknown }).createKernel : undefined;
  if (typeof create !== 'function') {
    throw new Error(`engine: kernel module ${moduleUrl} does not export a function createKernel(spec)`);
  }
  const kernel: unknown = create(spec);
  if (!isKernel(kernel)) {
    throw new Error(`engine: createKernel in ${moduleUrl} did not return { layout: { analyses, width }, run(seed, index, out) }`);
  }
  return kernel;
}

function isKernel(k: unknown): k is Kernel {
  if (typeof k !== 'object' || k === null) return false;
  const { layout, run } = k as { layout?: unknown; run?: unknown };
  if (typeof run !== 'function' || typeof layout !== 'object' || layout === null) return false;
  const { analyses, width } = layout as { analyses?: unknown; width?: unknown };
  return Array.isArray(analyses) && typeof width === 'number' && Number.isInteger(width) && width >= 0;
}
