// Time per simulated trial of the virtual cohort models (median of rounds).
//   npx tsc -p . && node dist/bench/model-speed.js
import { PARAMETRIC_DESIGN, PRODERM_DESIGN } from '../src/design/designSpec.js';
import { resolveParametricParams } from '../src/model/parametricParams.js';
import { resolveProdermParams } from '../src/model/prodermParams.js';
import { compileTrial } from '../src/design/trial.js';
import { fromUniform, type RandomStream } from '../src/random/stream.js';
import seedrandom from 'seedrandom';
import { measure } from './harness.js';

const p = resolveProdermParams({});
const q = resolveParametricParams({
  endpoints: [
    { id: 'y', type: 'normal', mean: { control: -1, treatment: -6 }, sd: 9, baseline: { mean: 19, sd: 13, correlation: 0.5 } },
    { id: 'r', type: 'binary', probability: { control: 0.44, treatment: 0.79 } },
  ],
});
if (!p.ok || !q.ok) throw new Error('parameters');
// One long-lived stream pair: this times the model, not stream seeding.
const patients: RandomStream = fromUniform(seedrandom.alea('bench/patients'));
const allocation: RandomStream = fromUniform(seedrandom.alea('bench/allocation'));
const cases = [
  ['proderm, 95 patients, weeks 0-40', compileTrial({ model: { kind: 'proderm', params: p.params }, design: PRODERM_DESIGN })],
  ['proderm, 95 patients, weeks 0-16', compileTrial({ model: { kind: 'proderm', params: p.params }, design: { ...PRODERM_DESIGN, horizonWeek: 16 } })],
  ['proderm, 95 enrolled with CDASI-A > 14 (about 180 screened), weeks 0-16', compileTrial({ model: { kind: 'proderm', params: p.params }, design: { ...PRODERM_DESIGN, horizonWeek: 16, eligibility: [{ measure: 'cdasi_a', min: 14, minInclusive: false, max: null, maxInclusive: true }] } })],
  ['parametric, 2 endpoints, 100 patients', compileTrial({ model: { kind: 'parametric', params: q.params }, design: { ...PARAMETRIC_DESIGN, sampleSize: 100 } })],
] as const;
for (const [name, trial] of cases) {
  const r = measure({ name, callsPerRound: 2000, run: () => trial.simulate(patients, allocation).n }, 11);
  console.log(`${name}: median ${(r.nsPerCallMedian / 1000).toFixed(1)} µs per trial (min ${(r.nsPerCallMin / 1000).toFixed(1)}, max ${(r.nsPerCallMax / 1000).toFixed(1)})`);
}
const t0 = process.hrtime.bigint();
for (let i = 0; i < 20; i++) compileTrial({ model: { kind: 'proderm', params: p.params }, design: PRODERM_DESIGN });
console.log(`compileTrial (proderm): ${(Number(process.hrtime.bigint() - t0) / 20 / 1e6).toFixed(1)} ms`);
