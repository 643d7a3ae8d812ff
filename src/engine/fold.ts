// Folding blocks into a design's totals, strictly in block-index order.
//
// This is where "identical to the last digit" comes from: a block's
// accumulator depends only on its replicates, and blocks are merged left to
// right 0, 1, 2, … whatever order they were computed, journalled or sharded in.
// The precision rule is checked after each block of that prefix, so the
// stopping block is also independent of scheduling.
import { sampleWidth } from './estimateSample.js';
import { accumulatorLayout, emptyAccumulator, mergeInto, type AccumulatorLayout } from './accumulator.js';
import type { ReplicateLayout } from './layout.js';
import { blockSampleMismatch, blockWidthMismatch } from './messages.js';
import { precisionReached, type PrecisionTarget } from './stopping.js';
import type { BlockResult, ReplicateFailure } from './task.js';

export interface DesignFold {
  slots: AccumulatorLayout;
  acc: Float64Array;
  nullAcc: Float64Array | null;
  failures: ReplicateFailure[];
  /** Per analysis, the estimate sample of the folded blocks: replicates 0, 1, 2, … in order. */
  sample: number[][];
  /** Blocks 0 … nextBlock − 1 are folded in. */
  nextBlock: number;
  /** True once the precision rule fired at block nextBlock − 1. */
  stoppedByPrecision: boolean;
}

export function startFold(layout: ReplicateLayout, nullRun: boolean): DesignFold {
  const slots = accumulatorLayout(layout);
  return {
    slots,
    acc: emptyAccumulator(slots),
    nullAcc: nullRun ? emptyAccumulator(slots) : null,
    failures: [],
    sample: Array.from({ length: sampleWidth(layout) }, () => []),
    nextBlock: 0,
    stoppedByPrecision: false,
  };
}

/**
 * Fold in every available block that extends the prefix, stopping at the
 * precision target. Folded blocks are deleted from `blocks`.
 */
export function advanceFold(
  fold: DesignFold,
  blocks: Map<number, BlockResult>,
  nBlocks: number,
  target: PrecisionTarget | null,
): void {
  while (!fold.stoppedByPrecision && fold.nextBlock < nBlocks) {
    const b = blocks.get(fold.nextBlock);
    if (b === undefined) return;
    if (b.acc.length !== fold.slots.width || (fold.nullAcc !== null && b.nullAcc?.length !== fold.slots.width)) {
      throw new Error(blockWidthMismatch(fold.nextBlock, b.acc.length, fold.slots.width));
    }
    if (b.sample.length !== 0 && b.sample.length !== fold.sample.length) {
      throw new Error(blockSampleMismatch(fold.nextBlock, b.sample.length, fold.sample.length));
    }
    blocks.delete(fold.nextBlock);
    mergeInto(fold.acc, b.acc, fold.slots);
    if (fold.nullAcc !== null && b.nullAcc !== null) mergeInto(fold.nullAcc, b.nullAcc, fold.slots);
    for (const f of b.failures) fold.failures.push(f);
    b.sample.forEach((xs, a) => {
      for (const x of xs) fold.sample[a].push(x);
    });
    fold.nextBlock += 1;
    if (target !== null && precisionReached(fold.acc, fold.slots, target)) fold.stoppedByPrecision = true;
  }
}

export function foldComplete(fold: DesignFold, nBlocks: number): boolean {
  return fold.stoppedByPrecision || fold.nextBlock === nBlocks;
}
