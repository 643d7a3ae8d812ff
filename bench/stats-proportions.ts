// Proportions layer: time per call on trial-sized data (`npm run bench`).
// Each case cycles through 1,024 tables drawn once, up front, like a ProDERM
// trial: 95 patients, 47 treated / 48 control, response rates 0.2–0.7, three
// strata; so the timings are not those of one table the branch predictor
// has learned.
import type { BenchCase } from './harness.js';
import { streamFor } from '../src/random/stream.js';
import { fisherExact } from '../src/stats/fisherExact.js';
import { cochranMantelHaenszel } from '../src/stats/cochranMantelHaenszel.js';
import { pearsonChiSquare } from '../src/stats/pearsonChiSquare.js';
import { riskDifference } from '../src/stats/riskDifference.js';
import { mantelHaenszelRiskDifference } from '../src/stats/mantelHaenszelRiskDifference.js';

const TABLES = 1024;
const STRATA = 3;

function binomial(n: number, p: number, u: () => number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (u() < p) x++;
  return x;
}

/** 2×2 tables [a, b, c, d] (n1 = 47, n0 = 48), and 3-stratum tables of the same patients. */
function makeTables(): { crude: Float64Array[]; strata: Float64Array[] } {
  const rng = streamFor(2026, 0, 'bench-proportions');
  const u = (): number => rng.uniform();
  const crude: Float64Array[] = [];
  const strata: Float64Array[] = [];
  for (let t = 0; t < TABLES; t++) {
    const p0 = 0.2 + 0.3 * u();
    const p1 = p0 + 0.2 * u();
    const s = new Float64Array(4 * STRATA);
    // 47 and 48 patients spread over the strata as 16/16/15 and 16/16/16
    for (let k = 0; k < STRATA; k++) {
      const n1 = k < 2 ? 16 : 15;
      const n0 = 16;
      const a = binomial(n1, p1, u);
      const c = binomial(n0, p0, u);
      s.set([a, n1 - a, c, n0 - c], 4 * k);
    }
    const a = s[0] + s[4] + s[8];
    const c = s[2] + s[6] + s[10];
    crude.push(Float64Array.of(a, 47 - a, c, 48 - c));
    strata.push(s);
  }
  return { crude, strata };
}

const { crude, strata } = makeTables();
let i = 0;
const next = (): number => (i = (i + 1) & (TABLES - 1));

export const cases: BenchCase[] = [
  {
    name: 'fisher 2x2 n=95',
    callsPerRound: 2_000,
    run: () => {
      const t = crude[next()];
      const r = fisherExact(t[0], t[1], t[2], t[3]);
      return r.p + r.estimate + r.ci[0];
    },
  },
  {
    name: 'fisher 2x2 n=95 (p only)',
    run: () => {
      const t = crude[next()];
      return fisherExact(t[0], t[1], t[2], t[3], { estimate: false }).p;
    },
  },
  {
    name: 'cmh 3 strata n=95',
    run: () => {
      const r = cochranMantelHaenszel(strata[next()], STRATA);
      return r.p + r.estimate;
    },
  },
  {
    name: 'chisq 2x2',
    run: () => pearsonChiSquare(crude[next()], 2, 2).p,
  },
  {
    name: 'newcombe',
    run: () => {
      const t = crude[next()];
      return riskDifference(t[0], 47, t[2], 48, { method: 'newcombe' }).ci[0];
    },
  },
  {
    name: 'wald risk difference',
    run: () => {
      const t = crude[next()];
      return riskDifference(t[0], 47, t[2], 48).p;
    },
  },
  {
    name: 'mh risk difference 3 strata',
    run: () => mantelHaenszelRiskDifference(strata[next()], STRATA).p,
  },
];
