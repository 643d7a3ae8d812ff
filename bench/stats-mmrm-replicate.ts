// The full replicate with MMRM as the primary analysis (issue 13, item 6):
// one kernel.run of ProDERM's design (95 patients, switch rule on) with 15%
// MAR dropout by week 16 (design.dropoutModel) and one analysis, the MMRM of
// the CDASI-A change over weeks 4-16 under the treatment-policy estimand:
// generation, dropout mechanism, estimand data and the REML fit. Each call is
// a new replicate index (new patients); its time per call is the replicate's,
// and 1e9 / ns per call its rate on one core (design only, no null run).
import type { BenchCase } from './harness.js';
import { createKernel } from '../src/analysis/kernel.js';

const spec = {
  model: { kind: 'proderm' },
  design: { sampleSize: 95, horizonWeek: 16, dropoutModel: { mechanism: 'mar', share: 0.15, measure: 'cdasi_a', slope: 0.1 } },
  analyses: [{ id: 'treatment_policy', endpoint: { measure: 'cdasi_a', week: 16, type: 'change' }, method: 'mmrm', estimand: { switch: 'treatment_policy' } }],
};
const kernel = createKernel(spec);
const out = new Float64Array(kernel.layout.width);
let index = 0;

export const cases: BenchCase[] = [
  {
    name: 'replicate, MMRM primary (95, 15% MAR)',
    callsPerRound: 50,
    run: () => {
      kernel.run(2026, index++, out);
      return out[0];
    },
  },
];
