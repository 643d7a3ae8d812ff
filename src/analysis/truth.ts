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
import { streamFor } from '../random/stream.js';
import { estimateAnalysis, type AnalysisData } from './analyseTrial.js';
import { baselineOf, deriveEndpoint } from './endpoint.js';
import type { Cohort } from '../model/cohort.js';
import type { CompiledTrial, TrialDraws } from '../model/trial.js';
import { parseKernelSpec, type KernelSpec } from './kernelSpec.js';
import { analysedTrial } from './valueNeeds.js';
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
  return computeTruths([spec], options)[0];
}

/** One spec's population, gathered chunk by chunk. */
interface Population {
  readonly plan: KernelSpec['plan'];
  readonly trial: CompiledTrial;
  readonly buffer: Cohort;
  readonly arm: Uint8Array;
  readonly stratum: Uint8Array;
  readonly ys: Float64Array[];
  readonly bs: Float64Array[];
  readonly sbs: (Float64Array | null)[];
  readonly strataMissing: Uint8Array;
  n: number;
}

/**
 * computeTruth of several specs at once, each exactly as computeTruth alone
 * gives it. Specs whose trials draw the same patients (a design and its null:
 * the same streams, drawsKey equal) share each chunk's draws.
 */
export function computeTruths(specs: readonly unknown[], options: TruthOptions = {}): Truth[] {
  const perArm = options.patientsPerArm ?? 200_000;
  const seed = options.seed ?? 20231;
  const chunk = options.chunk ?? 10_000;
  const total = 2 * perArm;
  const chunks = Math.ceil(total / chunk);
  const N = chunks * chunk;
  const pops: Population[] = specs.map((spec) => {
    const { compiled: full, plan } = parseKernelSpec(spec);
    // Only the visits and values the analyses read (each the full trial's), and no new cohort per chunk.
    const trial = analysedTrial(full, plan.analyses, chunk);
    return {
      plan,
      trial,
      buffer: trial.newCohort(),
      arm: new Uint8Array(N),
      stratum: new Uint8Array(N),
      ys: plan.analyses.map(() => new Float64Array(N)),
      bs: plan.analyses.map(() => new Float64Array(N)),
      sbs: plan.analyses.map((a) => (a.strata !== null && a.strata.measure !== a.endpoint.measure ? new Float64Array(N) : null)),
      strataMissing: new Uint8Array(plan.analyses.length),
      n: 0,
    };
  });
  // One draws buffer per distinct drawsKey.
  const groups = new Map<string, { draws: TrialDraws; members: Population[] }>();
  for (const pop of pops) {
    const g = groups.get(pop.trial.drawsKey);
    if (g === undefined) groups.set(pop.trial.drawsKey, { draws: pop.trial.newDraws(), members: [pop] });
    else g.members.push(pop);
  }
  for (let c = 0; c < chunks; c++) {
    for (const g of groups.values()) {
      g.members[0].trial.draw(streamFor(seed, c, 'truth-patients'), streamFor(seed, c, 'truth-allocation'), g.draws);
      for (const pop of g.members) gather(pop, pop.trial.fromDraws(g.draws, pop.buffer));
    }
  }
  return pops.map(truthOf);
}

function gather(pop: Population, cohort: Cohort): void {
  const { plan, arm, stratum, ys, bs, sbs, strataMissing } = pop;
  const n = pop.n;
  const k = cohort.n;
  arm.set(cohort.arm.subarray(0, k), n);
  stratum.set(cohort.stratum.subarray(0, k), n);
  for (let a = 0; a < plan.analyses.length; a++) {
    const spec = plan.analyses[a];
    if (deriveEndpoint(cohort, spec.endpoint, ys[a].subarray(n, n + k), bs[a].subarray(n, n + k)) < 0) {
      ys[a].fill(NaN, n, n + k);
    }
    const sb = sbs[a];
    if (sb !== null && spec.strata !== null && !baselineOf(cohort, spec.strata.measure, sb.subarray(n, n + k))) strataMissing[a] = 1;
  }
  pop.n = n + k;
}

function truthOf(pop: Population): Truth {
  const { plan, arm, stratum, ys, bs, sbs, strataMissing, n } = pop;
  const m = plan.analyses.length;
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
