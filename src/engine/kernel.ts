// The replicate kernel: the only thing the engine knows about a trial.
//
// A kernel module is an ES module (a path or file URL) exporting
// `createKernel(spec)`. The engine sends the module's address and a plain,
// structured-clonable spec to each worker, which imports the module once per
// (module, spec) and calls `run` for every replicate index of its task. The
// engine never sees patients, models or analyses, only the fixed-width record
// of layout.ts.
//
// A module may also export `createKernels(specs, context)`: the kernels of
// several specs (a design and its null) made together, so that they can share
// what they have in common (the patients both draw). `context` is an object
// the caller keeps for the module (a worker: one per module, for its life),
// where the module may keep set-up that later kernels can reuse (the model
// tables of a sweep's points). The engine uses createKernels when present;
// each kernel must give the records createKernel(spec) gives.
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
export type CreateKernels = (specs: readonly unknown[], context: object) => Kernel[];

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

/**
 * The kernels of a design and of its null (null: no null run), made together
 * by the module's createKernels when it has one, else one by one.
 */
export async function loadKernels(moduleUrl: string, spec: unknown, nullSpec: unknown | null, context: object): Promise<[Kernel, Kernel | null]> {
  const mod: unknown = await import(moduleUrl);
  const together = typeof mod === 'object' && mod !== null ? (mod as { createKernels?: unknown }).createKernels : undefined;
  if (typeof together !== 'function') return [await loadKernel(moduleUrl, spec), nullSpec === null ? null : await loadKernel(moduleUrl, nullSpec)];
  const specs = nullSpec === null ? [spec] : [spec, nullSpec];
  const made: unknown = together(specs, context);
  if (!Array.isArray(made) || made.length !== specs.length || !made.every(isKernel)) {
    throw new Error(`engine: createKernels in ${moduleUrl} did not return ${specs.length} kernel(s) { layout: { analyses, width }, run(seed, index, out) }`);
  }
  return [made[0] as Kernel, nullSpec === null ? null : (made[1] as Kernel)];
}

function isKernel(k: unknown): k is Kernel {
  if (typeof k !== 'object' || k === null) return false;
  const { layout, run } = k as { layout?: unknown; run?: unknown };
  if (typeof run !== 'function' || typeof layout !== 'object' || layout === null) return false;
  const { analyses, width } = layout as { analyses?: unknown; width?: unknown };
  return Array.isArray(analyses) && typeof width === 'number' && Number.isInteger(width) && width >= 0;
}
