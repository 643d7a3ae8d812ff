// The estimate sample: each analysis' treatment-effect estimate in replicates
// 0 … K − 1 of the design (not of its null), kept as they are, for plotting
// the estimate's distribution. Moments say how wide it is; this says what
// shape it has.
//
// Chosen over a histogram because a histogram's bins would have to be fixed
// before the run, when the estimate's scale is not yet known. Which replicates
// are kept depends only on their indices, and the blocks that hold them are
// folded in index order like every other tally, so the sample, too, is the
// same however the run is scheduled, interrupted or sharded. Only the first
// ⌈K / blockSize⌉ blocks carry any of it, so the journal grows by K numbers
// per analysis in all.
import { A, L, lookOffset, type ReplicateLayout } from './layout.js';

/** Default K: replicates whose estimates are kept (enough for a histogram, small enough for result.json). */
export const DEFAULT_ESTIMATE_SAMPLE = 1000;

/** Replicate indices of block b that fall in the sample: [from, to), empty when from = to. */
export function sampledRange(b: number, blockSize: number, replicates: number, k: number): { from: number; to: number } {
  const from = b * blockSize;
  const to = Math.min(replicates, (b + 1) * blockSize, k);
  return { from, to: Math.max(from, to) };
}

/**
 * Arrays in a block's sample: one per analysis and, for a group-sequential
 * design, one per look after them (the look's z: the sample of z paths).
 */
export function sampleWidth(layout: ReplicateLayout): number {
  return layout.analyses.length + (layout.sequential?.looks ?? 0);
}

/** One array per analysis (and look), NaN-filled: a block's share of the sample before its replicates run. */
export function emptyBlockSample(layout: ReplicateLayout, length: number): Float64Array[] {
  return length === 0 ? [] : Array.from({ length: sampleWidth(layout) }, () => new Float64Array(length).fill(NaN));
}

/** Copy replicate `at`'s estimates from its record (finite estimates of estimable analyses only). */
export function takeEstimates(sample: Float64Array[], at: number, layout: ReplicateLayout, record: Float64Array): void {
  const analyses = layout.analyses.length;
  const q = layout.sequential;
  if (q !== undefined && sample.length === analyses + q.looks) {
    for (let k = 0; k < q.looks; k++) sample[analyses + k][at] = record[lookOffset(q, k) + L.z];
  }
  for (let a = 0; a < analyses && a < sample.length; a++) {
    const o = layout.analyses[a].offset;
    const e = record[o + A.estimate];
    if (record[o + A.estimable] === 1 && Number.isFinite(e)) sample[a][at] = e;
  }
}

/** In result.json: per analysis, replicate i's estimate at position i, null where there is none. */
export interface EstimateSample {
  /** Replicates 0 … replicates − 1 are in the sample: min(K, replicates used). */
  replicates: number;
  analyses: { id: string; estimates: (number | null)[] }[];
  /** A group-sequential design: per look, replicate i's z at position i (null: not analysed, e.g. after the stop). */
  lookZ?: (number | null)[][];
}

/** NaN (not estimable, or the replicate threw) as null, for JSON. */
export function sampleJson(xs: ArrayLike<number>): (number | null)[] {
  return Array.from(xs, (x) => (Number.isFinite(x) ? x : null));
}
