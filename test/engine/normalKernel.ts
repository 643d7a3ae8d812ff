// A small kernel for the engine's tests, with known operating characteristics.
//
// Two arms of nPerArm patients; each patient falls in a baseline stratum with
// the given probabilities; each outcome is independent, y = delta·arm + sigma·ε.
// Analysis per outcome: two-sample z test with known sigma (exact, so power,
// type I error and coverage have closed forms), a 95% CI, per-stratum z
// estimates, and Cochran's Q for arm × stratum interaction (exactly χ² under a
// homogeneous effect with known sigma). Multiplicity: Bonferroni over outcomes.
import { buildLayout, reasonCode, A, S, type ReplicateLayout } from '../../src/engine/layout.js';
import type { Kernel } from '../../src/engine/kernel.js';
import { streamFor } from '../../src/random/stream.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import { pnorm, qnorm } from '../../src/stats/distributions/normal.js';
import { pchisq } from '../../src/stats/distributions/chiSquare.js';

export interface NormalSpec {
  nPerArm: number;
  sigma: number;
  alpha: number;
  outcomes: { id: string; delta: number }[];
  strata: { label: string; prob: number }[];
  bonferroni: boolean;
  /** Replicate indices whose run throws. */
  throwAt?: number[];
  /** Every index divisible by this throws. */
  throwEvery?: number;
  /** This analysis is not estimable (reason tooFew) when index % modulo === remainder. */
  notEstimable?: { analysis: string; modulo: number; remainder: number };
}

export function nullOf(spec: NormalSpec): NormalSpec {
  return { ...spec, outcomes: spec.outcomes.map((o) => ({ ...o, delta: 0 })) };
}

const Z95 = qnorm(0.975);

export function createKernel(specIn: unknown): Kernel {
  const spec = specIn as NormalSpec;
  const n = spec.nPerArm;
  const labels = spec.strata.map((s) => s.label);
  const layout: ReplicateLayout = buildLayout(spec.outcomes.map((o) => ({ id: o.id, strata: labels })));
  const k = spec.strata.length;
  const cumulative = new Float64Array(k);
  spec.strata.reduce((c, s, j) => (cumulative[j] = c + s.prob), 0);
  const stratum = new Int32Array(2 * n);
  const sum = new Float64Array(2 * k); // [arm * k + stratum]
  const count = new Float64Array(2 * k);
  const est = new Float64Array(k);
  const w = new Float64Array(k);
  const adjustedAlpha = spec.bonferroni ? spec.alpha / spec.outcomes.length : spec.alpha;
  const throwAt = new Set(spec.throwAt ?? []);

  return {
    layout,
    run(seed, index, out) {
      if (throwAt.has(index) || (spec.throwEvery !== undefined && index % spec.throwEvery === 0)) {
        throw new Error(`planned failure at replicate ${index}`);
      }
      const rs = streamFor(seed, index, 'strata');
      for (let i = 0; i < 2 * n; i++) {
        const u = rs.uniform();
        let j = 0;
        while (j < k - 1 && u > cumulative[j]) j++;
        stratum[i] = j;
      }
      spec.outcomes.forEach((o, a) => {
        const base = layout.analyses[a].offset;
        const ne = spec.notEstimable;
        const rng = streamFor(seed, index, `outcome:${o.id}`);
        sum.fill(0);
        count.fill(0);
        let s0 = 0;
        let s1 = 0;
        for (let i = 0; i < 2 * n; i++) {
          const arm = i < n ? 0 : 1;
          const y = o.delta * arm + spec.sigma * rng.normal();
          if (arm === 0) s0 += y;
          else s1 += y;
          sum[arm * k + stratum[i]] += y;
          count[arm * k + stratum[i]] += 1;
        }
        if (ne !== undefined && ne.analysis === o.id && index % ne.modulo === ne.remainder) {
          out[base + A.estimable] = 0;
          out[base + A.reason] = reasonCode(NOT_ESTIMABLE.tooFew);
          // No estimate and no test: p NaN, not rejected (the record's contract).
          out[base + A.p] = NaN;
          out[base + A.reject] = 0;
          out[base + A.rejectAdjusted] = 0;
          out[base + A.interactionEstimable] = 0;
        } else {
          const e = s1 / n - s0 / n;
          const se = spec.sigma * Math.sqrt(2 / n);
          const p = 2 * pnorm(-Math.abs(e / se));
          out[base + A.estimable] = 1;
          out[base + A.reason] = -1;
          out[base + A.estimate] = e;
          out[base + A.se] = se;
          out[base + A.ciLower] = e - Z95 * se;
          out[base + A.ciUpper] = e + Z95 * se;
          out[base + A.p] = p;
          out[base + A.reject] = p < spec.alpha ? 1 : 0;
          out[base + A.rejectAdjusted] = p < adjustedAlpha ? 1 : 0;
        }
        // Strata and Cochran's Q over the estimable ones.
        let m = 0;
        let sw = 0;
        let swe = 0;
        layout.analyses[a].strata.forEach((st, j) => {
          const so = st.offset;
          const n0 = count[j];
          const n1 = count[k + j];
          out[so + S.n0] = n0;
          out[so + S.n1] = n1;
          if (n0 === 0 || n1 === 0) {
            out[so + S.estimable] = 0;
            out[so + S.reason] = reasonCode(NOT_ESTIMABLE.emptyGroup);
            return;
          }
          const e = sum[k + j] / n1 - sum[j] / n0;
          const se = spec.sigma * Math.sqrt(1 / n0 + 1 / n1);
          out[so + S.estimable] = 1;
          out[so + S.reason] = -1;
          out[so + S.estimate] = e;
          out[so + S.se] = se;
          out[so + S.ciLower] = e - Z95 * se;
          out[so + S.ciUpper] = e + Z95 * se;
          out[so + S.excludesZero] = e - Z95 * se > 0 || e + Z95 * se < 0 ? 1 : 0;
          est[m] = e;
          w[m] = 1 / (se * se);
          sw += w[m];
          swe += w[m] * e;
          m++;
        });
        if (out[base + A.estimable] === 1) {
          if (m >= 2) {
            const pooled = swe / sw;
            let q = 0;
            for (let i = 0; i < m; i++) q += w[i] * (est[i] - pooled) * (est[i] - pooled);
            const p = pchisq(q, m - 1, false);
            out[base + A.interactionEstimable] = 1;
            out[base + A.interactionP] = p;
            out[base + A.interactionReject] = p < spec.alpha ? 1 : 0;
          } else {
            out[base + A.interactionEstimable] = 0;
          }
        }
      });
    },
  };
}
