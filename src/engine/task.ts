// What crosses the worker boundary: plain, structured-clonable data only.
//
// A task is one design and a range of whole blocks; blocks are fixed by the
// run (block b holds replicates b·blockSize … min(replicates, (b+1)·blockSize) − 1),
// never by the task, so any way of cutting the run into tasks yields the same
// per-block accumulators.
import type { ReplicateLayout } from './layout.js';
import type { Truth } from './truth.js';

export interface BlockTask {
  /** Index of the design in the run (echoed back). */
  design: number;
  /** File URL of the kernel module. */
  kernelModule: string;
  /** Cache key of (module, spec) and of (module, nullSpec), computed once on the main thread. */
  specKey: string;
  nullSpecKey: string | null;
  spec: unknown;
  /** The same design with effect scale 0, or null when the null run is switched off. */
  nullSpec: unknown;
  truth: Truth | null;
  nullTruth: Truth | null;
  /** Analysis ids forming the multiplicity family (null: all analyses). */
  family: readonly string[] | null;
  seed: number;
  replicates: number;
  blockSize: number;
  /** K: the estimates of replicates 0 … K − 1 are kept (estimateSample.ts). */
  estimateSample: number;
  firstBlock: number;
  /** Inclusive. */
  lastBlock: number;
  /** Test hook: sleep this long before starting (to shuffle completion order). */
  delayMs: number;
  /**
   * Warm-up only (warmPool): run replicates 0 … warm − 1 of the kernels and
   * discard their records, so that the worker's compiler has optimised the
   * kernel before the run's first task. Absent or 0 in a run's tasks.
   */
  warm?: number;
}

/** Why one replicate produced no record. */
export interface ReplicateFailure {
  /** 'alternative': the design as specified; 'null': its null spec. */
  run: 'alternative' | 'null';
  index: number;
  message: string;
}

export interface BlockResult {
  block: number;
  /** Accumulator of the design's replicates in this block. */
  acc: Float64Array;
  /** ... and of the null run's (same indices, same streams); null when switched off. */
  nullAcc: Float64Array | null;
  failures: ReplicateFailure[];
  /**
   * Per analysis, the design's estimates of this block's replicates that fall
   * in the estimate sample, in index order (NaN: none); [] when none do.
   */
  sample: Float64Array[];
}

export interface TaskResult {
  design: number;
  layout: ReplicateLayout;
  blocks: BlockResult[];
}
