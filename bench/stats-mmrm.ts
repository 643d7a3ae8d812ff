// MMRM: time per REML fit (issue 13, item 6: aim under 100 µs) on fixed data
// the size of the paper's trial: 95 patients, 4 post-baseline visits,
// monotone dropout reaching 15% by the last visit, unstructured covariance.
import type { BenchCase } from './harness.js';
import { streamFor } from '../src/random/stream.js';
import { COVARIANCE, mmrm, mmrmWorkspace } from '../src/stats/mmrm.js';

const N = 95;
const V = 4;
const rng = streamFor(2024, 0, 'bench/stats-mmrm');
const arm = new Uint8Array(N);
const stratum = new Uint8Array(N);
const baseline = new Float64Array(N);
const y = new Float64Array(N * V);
// errors: SD rising over visits, correlation 0.6^lag
const sd = [4, 4.5, 5, 5.5];
for (let i = 0; i < N; i++) {
  arm[i] = i % 2;
  stratum[i] = Math.floor(rng.uniform() * 3);
  baseline[i] = 30 + 6 * rng.normal();
  let e = rng.normal();
  let dropped = false;
  for (let v = 0; v < V; v++) {
    if (v > 0) e = 0.6 * e + 0.8 * rng.normal();
    // 15% leave by the last visit: a per-visit hazard of 1 − 0.85^(1/3) after visits 1-3
    if (v > 0 && !dropped && rng.uniform() < 1 - Math.pow(0.85, 1 / 3)) dropped = true;
    const mean = -3 * arm[i] * (v + 1) / V - 0.35 * (baseline[i] - 30);
    y[i * V + v] = dropped ? NaN : Math.round(10 * (mean + sd[v] * e)) / 10;
  }
}
const ws = mmrmWorkspace(V);
const ws3 = mmrmWorkspace(V, 3);
const us = [COVARIANCE.unstructured];

export const cases: BenchCase[] = [
  { name: 'mmrm n=95 V=4 15% dropout (us)', callsPerRound: 500, run: () => mmrm({ y, nVisits: V, arm, baseline, covariance: us, workspace: ws }).difference.p },
  {
    name: 'mmrm n=95 V=4 + 3 strata (us)',
    callsPerRound: 500,
    run: () => mmrm({ y, nVisits: V, arm, baseline, stratum, nStrata: 3, covariance: us, workspace: ws3 }).difference.p,
  },
  {
    name: 'mmrm n=95 V=4 (toeph)',
    callsPerRound: 500,
    run: () => mmrm({ y, nVisits: V, arm, baseline, covariance: [COVARIANCE.toeplitz], workspace: ws }).difference.p,
  },
  {
    name: 'mmrm n=95 V=4 (ar1)',
    callsPerRound: 500,
    run: () => mmrm({ y, nVisits: V, arm, baseline, covariance: [COVARIANCE.ar1], workspace: ws }).difference.p,
  },
];
