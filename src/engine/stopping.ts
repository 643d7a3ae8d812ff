// Stopping by precision: the run may end early, at a block boundary, once every
// reported power is precise enough. The engine evaluates this rule on each
// prefix of blocks 0..b in index order, so the stopping block depends on the
// replicates alone, never on which task finished first.
import type { AccumulatorLayout } from './accumulator.js';
import { reportedPowers } from './summarize.js';

export interface PrecisionTarget {
  /** Largest acceptable Monte Carlo SE of every reported power. */
  targetMcse: number;
  /**
   * Replicates required before the rule may fire: a power of 0 or 1 has MCSE 0
   * after any number of replicates, so a small prefix would stop spuriously.
   */
  minReplicates: number;
}

export function precisionReached(acc: Float64Array, slots: AccumulatorLayout, target: PrecisionTarget): boolean {
  if (acc[slots.replicates] < target.minReplicates) return false;
  return reportedPowers(acc, slots).every((m) => m.mcse !== null && m.mcse <= target.targetMcse);
}
