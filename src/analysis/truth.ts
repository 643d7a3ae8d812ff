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
import { newModelSetups, type CompiledTrial, type ModelSetups, type TrialDraws } from '../design/trial.js';
import { parseKernelSpec, type KernelSpec } from './kernelSpec.js';
import { analysedTrial } from './valueNeeds.js';
import { createWorkspace } from './workspace.js';
import { estimandPopulation, estimandStratumTruths, estimandTruthValue, gatherEstimands, type EstimandPopulation } from './estimandTruth.js';

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

/** The chunks of a population of `options` (chunk c holds patients c·chunk … (c+1)·chunk − 1 of the population). */
export function truthChunks(options: TruthOptions = {}): number {
  const perArm = options.patientsPerArm ?? 200_000;
  const chunk = options.chunk ?? 10_000;
  return Math.ceil((2 * perArm) / chunk);
}

/**
 * What a range of chunks contributes to one spec's truth: per patient, in
 * chunk order, the arm, the randomization stratum and each analysis' endpoint
 * and baselines. Plain typed arrays (of length n), so a part crosses a worker
 * boundary and parts gathered on different threads concatenate to the part of
 * their union.
 */
export interface TruthPart {
  n: number;
  arm: Uint8Array;
  stratum: Uint8Array;
  /** Per analysis: endpoint, its baseline, and the strata measure's baseline (null: the endpoint's own). */
  ys: Float64Array[];
  bs: Float64Array[];
  sbs: (Float64Array | null)[];
  /** Per analysis, 1 when the strata measure was absent from a chunk's cohort. */
  strataMissing: Uint8Array;
}

/** Chunks [fromChunk, toChunk) of these specs' populations, on a worker (workers/replicate.ts truthGather). */
export interface TruthGatherTask {
  specs: unknown[];
  options: TruthOptions;
  fromChunk: number;
  toChunk: number;
}

/** One spec's truth from its parts, in chunk order, on a worker (truthFinish). */
export interface TruthFinishTask {
  spec: unknown;
  parts: TruthPart[];
}

/** One spec's population, gathered chunk by chunk. */
interface Population extends TruthPart {
  readonly trial: CompiledTrial;
  readonly plan: KernelSpec['plan'];
  readonly buffer: Cohort;
  /** The potential-outcome populations of the analyses with an estimand (null: none has one). */
  readonly estimands: EstimandPopulation | null;
}

/**
 * computeTruth of several specs at once, each exactly as computeTruth alone
 * gives it. Specs whose trials draw the same patients (a design and its null:
 * the same streams, drawsKey equal) share each chunk's draws.
 */
export function computeTruths(specs: readonly unknown[], options: TruthOptions = {}): Truth[] {
  const parts = gatherTruthParts(specs, options, 0, truthChunks(options));
  return specs.map((spec, i) => finishTruth(spec, [parts[i]]));
}

/**
 * Chunks [fromChunk, toChunk) of each spec's truth population (computeTruths
 * is gatherTruthParts over every chunk, then finishTruth). Specs whose trials
 * draw the same patients share each chunk's draws.
 */
export function gatherTruthParts(specs: readonly unknown[], options: TruthOptions, fromChunk: number, toChunk: number): TruthPart[] {
  const seed = options.seed ?? 20231;
  const chunk = options.chunk ?? 10_000;
  const N = Math.max(0, toChunk - fromChunk) * chunk;
  const setups = newModelSetups();
  const pops: Population[] = specs.map((spec) => {
    const { compiled: full, plan } = parseKernelSpec(spec, setups);
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
      estimands: estimandPopulation(trial, plan.analyses, chunk),
    };
  });
  // One draws buffer per distinct drawsKey.
  const groups = new Map<string, { draws: TrialDraws; members: Population[] }>();
  for (const pop of pops) {
    const g = groups.get(pop.trial.drawsKey);
    if (g === undefined) groups.set(pop.trial.drawsKey, { draws: pop.trial.newDraws(), members: [pop] });
    else g.members.push(pop);
  }
  for (let c = fromChunk; c < toChunk; c++) {
    for (const g of groups.values()) {
      g.members[0].trial.draw(streamFor(seed, c, 'truth-patients'), streamFor(seed, c, 'truth-allocation'), g.draws);
      for (const pop of g.members) {
        const at = pop.n;
        gather(pop, pop.trial.fromDraws(g.draws, pop.buffer));
        // An estimand's truth: per patient, treatment − control of its potential outcomes (over the analysis' legacy values).
        if (pop.estimands !== null && gatherEstimands(pop.estimands, pop.plan.analyses, seed, c, pop.ys, at, pop.bs) !== pop.n - at) {
          throw new Error('truth: the potential-outcome population has other patients than the trial population');
        }
      }
    }
  }
  return pops.map((pop) => {
    const n = pop.n;
    const cut = <T extends Float64Array | Uint8Array>(x: T): T => (x.length === n ? x : (x.slice(0, n) as T));
    return {
      n,
      arm: cut(pop.arm),
      stratum: cut(pop.stratum),
      ys: pop.ys.map(cut),
      bs: pop.bs.map(cut),
      sbs: pop.sbs.map((x) => (x === null ? null : cut(x))),
      strataMissing: pop.strataMissing,
    };
  });
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

/** The buffers of a part, for a transfer list. */
export function truthPartBuffers(part: TruthPart): ArrayBuffer[] {
  const arrays: (Float64Array | Uint8Array | null)[] = [part.arm, part.stratum, ...part.ys, ...part.bs, ...part.sbs, part.strataMissing];
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) if (a !== null) seen.add(a.buffer as ArrayBuffer);
  return [...seen];
}

/** Parts of one population, in chunk order, as one part. */
export function joinTruthParts(parts: readonly TruthPart[]): TruthPart {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((s, p) => s + p.n, 0);
  const m = parts[0].ys.length;
  const join = <T extends Float64Array | Uint8Array>(pick: (p: TruthPart) => T, make: (n: number) => T): T => {
    const out = make(n);
    let at = 0;
    for (const p of parts) {
      out.set(pick(p), at);
      at += p.n;
    }
    return out;
  };
  const f64 = (k: number): Float64Array => new Float64Array(k);
  const strataMissing = new Uint8Array(m);
  for (const p of parts) for (let a = 0; a < m; a++) strataMissing[a] |= p.strataMissing[a];
  return {
    n,
    arm: join((p) => p.arm, (k) => new Uint8Array(k)),
    stratum: join((p) => p.stratum, (k) => new Uint8Array(k)),
    ys: Array.from({ length: m }, (_, a) => join((p) => p.ys[a], f64)),
    bs: Array.from({ length: m }, (_, a) => join((p) => p.bs[a], f64)),
    sbs: Array.from({ length: m }, (_, a) => (parts[0].sbs[a] === null ? null : join((p) => p.sbs[a] as Float64Array, f64))),
    strataMissing,
  };
}

/** The truth of `spec` from the parts of its population (every chunk, in chunk order); `setups` as for parseKernelSpec. */
export function finishTruth(spec: unknown, parts: readonly TruthPart[], setups?: ModelSetups): Truth {
  return truthOf(parseKernelSpec(spec, setups).plan, joinTruthParts(parts));
}

function truthOf(plan: KernelSpec['plan'], pop: TruthPart): Truth {
  const { arm, stratum, ys, bs, sbs, strataMissing, n } = pop;
  const m = plan.analyses.length;
  const ws = createWorkspace(n, m, plan.family.length);
  const out = new Float64Array(plan.layout.width).fill(NaN);
  const truth: Record<string, AnalysisTruth> = {};
  for (let a = 0; a < m; a++) {
    const lay = plan.layout.analyses[a];
    const spec = plan.analyses[a];
    if (spec.estimand !== undefined) {
      // ys[a] holds each patient's treatment − control difference, bs[a] its baseline (estimandTruth.ts).
      const t = estimandTruthValue(ys[a], n);
      if (t === null) continue;
      const sb = sbs[a];
      const base = sb === null ? bs[a] : strataMissing[a] === 1 ? null : sb;
      if (spec.strata === null || lay.strata.length === 0 || base === null) {
        truth[lay.id] = t;
        continue;
      }
      // Each baseline stratum's own truth: the mean difference of its patients.
      const strata: Record<string, TruthValue> = {};
      estimandStratumTruths(ys[a], base, spec.strata.cuts, n).forEach((v, s) => {
        if (v !== null && lay.strata[s] !== undefined) strata[lay.strata[s].label] = v;
      });
      truth[lay.id] = { ...t, strata };
      continue;
    }
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
