// The true value of each analysis' estimand under a design, for the engine's
// bias, RMSE and coverage (src/engine/truth.ts): the same estimator applied
// to one very large simulated population (default 200,000 patients per arm),
// so the truth is the population LS-mean difference, mean difference or risk
// difference — overall and within each baseline stratum — of the trial as
// designed (same eligibility, dropout, switching and missing-data rules),
// and its standard error is that estimator's SE on the large population: the
// Monte Carlo error of the truth itself.
//
// The population is simulated in chunks (a trial of `chunk` patients per
// chunk, from streams of its own purpose 'truth-patients' / 'truth-allocation'),
// so memory stays at a few arrays of the population size per analysis.
import type { AnalysisTruth, Truth, TruthValue } from '../engine/truth.js';
import { A, S } from '../engine/layout.js';
import { compileTrial } from '../model/trial.js';
import { streamFor } from '../random/stream.js';
import { estimateAnalysis, type AnalysisData } from './analyseTrial.js';
import { baselineOf, deriveEndpoint } from './endpoint.js';
import { parseKernelSpec } from './kernelSpec.js';
import { createWorkspace } from './workspace.js';

export interface TruthOptions {
  /** Patients per arm of the population (approximately, for unequal allocation: the total is twice this). Default 200,000. */
  readonly patientsPerArm?: number;
  /** Seed of the population's streams (independent of any run's seed). Default 20231. */
  readonly seed?: number;
  /** Patients simulated per chunk. Default 10,000. */
  readonly chunk?: number;
}

function value(out: Float64Array, o: number, estimable: number, estimate: number, se: number): TruthValue | null {
  if (out[o + estimable] !== 1) return null;
  return { value: out[o + estimate], se: out[o + se] };
}

/** Truth of every analysis of a kernel spec (same input as createKernel). Analyses not estimable on the population are left out. */
export function computeTruth(spec: unknown, options: TruthOptions = {}): Truth {
  const perArm = options.patientsPerArm ?? 200_000;
  const seed = options.seed ?? 20231;
  const chunk = options.chunk ?? 10_000;
  const { trial, plan } = parseKernelSpec(spec);
  const total = 2 * perArm;
  const chunks = Math.ceil(total / chunk);
  const compiled = compileTrial({ model: trial.model, design: { ...trial.design, sampleSize: chunk } });
  const m = plan.analyses.length;
  const N = chunks * chunk;
  const arm = new Uint8Array(N);
  const stratum = new Uint8Array(N);
  const ys = plan.analyses.map(() => new Float64Array(N));
  const bs = plan.analyses.map(() => new Float64Array(N));
  const sbs = plan.analyses.map((a) => (a.strata !== null && a.strata.measure !== a.endpoint.measure ? new Float64Array(N) : null));
  const strataMissing = new Uint8Array(m);
  let n = 0;
  for (let c = 0; c < chunks; c++) {
    const cohort = compiled.simulate(streamFor(seed, c, 'truth-patients'), streamFor(seed, c, 'truth-allocation'));
    const k = cohort.n;
    arm.set(cohort.arm.subarray(0, k), n);
    stratum.set(cohort.stratum.subarray(0, k), n);
    for (let a = 0; a < m; a++) {
      const spec = plan.analyses[a];
      if (deriveEndpoint(cohort, spec.endpoint, ys[a].subarray(n, n + k), bs[a].subarray(n, n + k)) < 0) {
        ys[a].fill(NaN, n, n + k);
      }
      const sb = sbs[a];
      if (sb !== null && spec.strata !== null && !baselineOf(cohort, spec.strata.measure, sb.subarray(n, n + k))) strataMissing[a] = 1;
    }
    n += k;
  }
  const ws = createWorkspace(n, m, plan.family.length);
  const out = new Float64Array(plan.layout.width).fill(NaN);
  const truth: Record<string, AnalysisTruth> = {};
  for (let a = 0; a < m; a++) {
    const lay = plan.layout.analyses[a];
    const sb = sbs[a];
    const data: AnalysisData = {
      n,
      arm,
      stratum,
      y: ys[a],
      base: bs[a],
      strataBase: sb === null ? bs[a] : strataMissing[a] === 1 ? null : sb,
    };
    estimateAnalysis(plan.analyses[a], data, ws, out, lay);
    const overall = value(out, lay.offset, A.estimable, A.estimate, A.se);
    if (overall === null) continue;
    const strata: Record<string, TruthValue> = {};
    for (const s of lay.strata) {
      const v = value(out, s.offset, S.estimable, S.estimate, S.se);
      if (v !== null) strata[s.label] = v;
    }
    truth[lay.id] = lay.strata.length > 0 ? { ...overall, strata } : overall;
  }
  return truth;
}
