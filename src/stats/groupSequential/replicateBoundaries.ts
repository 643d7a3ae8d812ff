// Boundaries at the information fractions a replicate observed: a speed
// device for the per-replicate recomputation (src/analysis/sequential.ts),
// equal to groupSequentialBoundaries within a stated bound.
//
// Each new tuple of observed counts costs one recursive integration, and a
// run meets hundreds of them, so the grids here are a third as fine as the
// design-level ones (12 nodes per SD of the smallest increment instead of
// 40) and span ±8 SDs of B_k instead of ±10 (the density there is e^{−32}
// of its peak). Checked against the same rpact fixtures as the fine grids,
// to 1e-6 on every bound, alpha spent, beta spent and power
// (test/stats/groupSequentialReplicate.test.ts); beta spending starts its
// search for the drift from the design's drift at its planned fractions.
import { groupSequentialBoundaries, type Boundaries, type GroupSequentialDesign } from './boundaries.js';
import type { Resolution } from './crossing.js';

/** The grids of the per-replicate boundaries. */
export const REPLICATE_RESOLUTION: Resolution = { perSd: 12, span: 8 };

/**
 * groupSequentialBoundaries on REPLICATE_RESOLUTION's grids. `driftStart`:
 * where beta spending's search for the drift starts (the planned design's
 * drift); it changes the cost, not the answer (beyond the solver's 1e-12).
 */
export function replicateBoundaries(d: GroupSequentialDesign, driftStart?: number): Boundaries {
  return groupSequentialBoundaries(d, driftStart === undefined ? { resolution: REPLICATE_RESOLUTION } : { resolution: REPLICATE_RESOLUTION, driftStart });
}
