// The truth of each design's estimands (for bias, RMSE and coverage), computed
// once per distinct population: computeTruth replaces the sample size by its
// own population, so the points of a sample-size sweep share one truth, and
// the null specs of an effect-size sweep share another.
import { computeTruth } from '../analysis/truth.js';
import type { Truth } from '../engine/truth.js';
import { canonicalJson } from '../engine/identity.js';
import type { KernelSpec } from '../scenario/toKernelSpec.js';

/** Truth population seed: fixed, and independent of any run's seed. */
export const TRUTH_SEED = 20231;
/** Patients per arm of the truth population (computeTruth's default). */
export const DEFAULT_TRUTH_POPULATION = 200_000;

export interface TruthCache {
  /** Truth of a spec, computed on first use. */
  of(spec: KernelSpec): Truth;
  /** Distinct populations computed so far. */
  readonly computed: number;
}

export function createTruthCache(patientsPerArm: number, onCompute?: (spec: KernelSpec) => void): TruthCache {
  const cache = new Map<string, Truth>();
  return {
    of(spec) {
      const key = canonicalJson({ ...spec, design: { ...spec.design, sampleSize: 0 } });
      let t = cache.get(key);
      if (t === undefined) {
        onCompute?.(spec);
        t = computeTruth(spec, { patientsPerArm, seed: TRUTH_SEED });
        cache.set(key, t);
      }
      return t;
    },
    get computed() {
      return cache.size;
    },
  };
}
