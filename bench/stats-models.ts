// Linear models and means tests: time per call (the `cases` that `npm run bench`
// measures), on fixed data the size of the paper's trial (95 patients, 47 per arm).
import type { BenchCase } from './harness.js';
import { streamFor } from '../src/random/stream.js';
import { ancova, ancovaDifference } from '../src/stats/ancova.js';
import { oneSampleT } from '../src/stats/oneSampleT.js';
import { twoSampleT } from '../src/stats/twoSampleT.js';
import { wilcoxonRankSum } from '../src/stats/wilcoxonRankSum.js';

const N = 95;
const rng = streamFor(2024, 0, 'bench/stats-models');
const arm = new Uint8Array(N);
const stratum = new Uint8Array(N);
const baseline = new Float64Array(N);
const y = new Float64Array(N);
for (let i = 0; i < N; i++) {
  arm[i] = i % 2;
  stratum[i] = Math.floor(rng.uniform() * 3);
  baseline[i] = 20 + 5 * rng.normal();
  // change from baseline, rounded to one decimal as scores are recorded (ties for Wilcoxon)
  y[i] = Math.round(10 * (-3 * arm[i] - 0.4 * (baseline[i] - 20) + 4 * rng.normal())) / 10;
}
const treated = y.filter((_, i) => arm[i] === 1);
const control = y.filter((_, i) => arm[i] === 0);

export const cases: BenchCase[] = [
  { name: 'ancova n=95', run: () => ancova({ y, arm, baseline }).difference.p },
  // the simulation loop's call: p-value of the treatment effect only
  { name: 'ancovaDifference n=95 (the LS-mean difference alone)', run: () => ancovaDifference({ y, arm, baseline }).p },
  { name: 'ancova n=95 + 3 strata', run: () => ancova({ y, arm, baseline, stratum, nStrata: 3 }).difference.p },
  {
    name: 'ancova n=95 + strata × arm',
    run: () => ancova({ y, arm, baseline, stratum, nStrata: 3, interaction: true }).difference.p,
  },
  { name: 'oneSampleT n=47', run: () => oneSampleT(treated).ci[1] },
  { name: 'twoSampleT n=95', run: () => twoSampleT(treated, control).p },
  { name: 'wilcoxon n=95', run: () => wilcoxonRankSum(treated, control).p },
];
