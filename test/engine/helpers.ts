// Shared set-up for the engine tests: the test kernel, a design, temp folders.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentProgress } from '../../src/engine/progress.js';
import type { RunDesignOptions } from '../../src/engine/run.js';
import { nullOf, type NormalSpec } from './normalKernel.js';

/** Compiled test kernel: dist/test/engine/normalKernel.js. */
export const KERNEL = fileURLToPath(new URL('./normalKernel.js', import.meta.url));

export const STRATA = [
  { label: 'A', prob: 0.5 },
  { label: 'B', prob: 0.3 },
  { label: 'C', prob: 0.17 },
  { label: 'rare', prob: 0.03 },
];

export function normalSpec(over: Partial<NormalSpec> = {}): NormalSpec {
  return {
    nPerArm: 30,
    sigma: 1,
    alpha: 0.05,
    outcomes: [
      { id: 'y1', delta: 0.6 },
      { id: 'y2', delta: 0.4 },
    ],
    strata: STRATA,
    bonferroni: true,
    ...over,
  };
}

/** Homogeneous effect: every stratum's truth is the outcome's delta. */
export function truthOf(spec: NormalSpec): NonNullable<RunDesignOptions['truth']> {
  return Object.fromEntries(
    spec.outcomes.map((o) => [
      o.id,
      { value: o.delta, se: 0, strata: Object.fromEntries(spec.strata.map((s) => [s.label, { value: o.delta, se: 0 }])) },
    ]),
  );
}

/** A design run with the test kernel, its null and its truth; override anything. */
export function designOptions(spec: NormalSpec, over: Partial<RunDesignOptions> = {}): RunDesignOptions {
  return {
    kernelModule: KERNEL,
    kernelId: 'test/normalKernel',
    spec,
    nullSpec: nullOf(spec),
    truth: truthOf(spec),
    nullTruth: truthOf(nullOf(spec)),
    seed: 20240611,
    replicates: 2000,
    blockSize: 50,
    workers: 1,
    progress: silentProgress,
    ...over,
  };
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `trialsim-engine-${tag}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * The run the determinism tests reproduce every way: strata, a null run, truth,
 * an analysis sometimes not estimable and two failing replicates, 40 blocks.
 */
export function determinismOptions(): RunDesignOptions {
  const spec = normalSpec({ throwAt: [5, 1234], notEstimable: { analysis: 'y2', modulo: 17, remainder: 4 } });
  return designOptions(spec, { replicates: 2000, blockSize: 50, maxFailures: 10 });
}
