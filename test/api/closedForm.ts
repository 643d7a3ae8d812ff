// Closed-form power of the two-sample pooled t test (R's power.t.test), an
// independent second implementation for the sample-size tests: the
// noncentral t probability P(|T'| > c), T' = (Z + δ)/√(V/ν), V ~ χ²_ν,
// integrated over V by the midpoint rule on its quantile scale,
//   P(T' > c) = E_V[1 − Φ(c√(V/ν) − δ)],  P(T' < −c) = E_V[Φ(−c√(V/ν) − δ)].
import { pnorm } from '../../src/stats/distributions/normal.js';
import { qchisq } from '../../src/stats/distributions/chiSquare.js';
import { qt } from '../../src/stats/distributions/studentT.js';

/** Two-sided power with n per arm, true difference `delta`, common SD `sd`. */
export function tTestPower(n: number, delta: number, sd: number, alpha = 0.05, nodes = 4000): number {
  const df = 2 * n - 2;
  const ncp = (Math.abs(delta) / sd) * Math.sqrt(n / 2);
  const c = qt(1 - alpha / 2, df);
  let sum = 0;
  for (let i = 0; i < nodes; i++) {
    const v = qchisq((i + 0.5) / nodes, df);
    const s = Math.sqrt(v / df);
    sum += pnorm(c * s - ncp, false) + pnorm(-c * s - ncp);
  }
  return sum / nodes;
}

/** Smallest n per arm with power ≥ target. */
export function tTestSampleSize(target: number, delta: number, sd: number, alpha = 0.05): number {
  let n = 2;
  while (tTestPower(n, delta, sd, alpha) < target) n++;
  return n;
}
