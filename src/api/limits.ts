// What a command will need, estimated before it starts, and refused with the
// figure and the limit when it cannot fit (docs/cli.md, "Limits"): worker
// threads, the truth populations, the design points of a sweep, the CSV of
// `sample`. The per-unit figures were measured on trialsim's own runs (peak
// RSS, Node 20, x64) and are rounded up; the estimates are meant to refuse
// what would run out of memory, not to cut close.
import { availableParallelism, totalmem } from 'node:os';
import { canonicalJson } from '../engine/identity.js';
import type { KernelSpec } from '../scenario/toKernelSpec.js';
import { UsageError } from './errors.js';
import { MSG } from './messages.js';

/** A command may plan to use at most this share of the machine's memory (or of its cgroup's limit)... */
export const MEMORY_SHARE = 0.5;
/** ... and at most this much, unless TRIALSIM_MEMORY_LIMIT says otherwise: ten times a large ordinary run. */
export const DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3;

/** A worker thread (an isolate with the kernels loaded): 19 MB measured, 8 workers against 1. */
export const WORKER_BYTES = 24 * 1024 * 1024;

/** Worker threads per CPU at most: beyond the CPUs, threads only add memory and contention. */
export const THREADS_PER_CPU = 8;

/**
 * Per design point of a run: the engine's accumulators and result, the journal
 * lines and the report's rows, per analysis (measured: 10,000 one-analysis
 * points took 82 KB each to run, 55 KB each more to render).
 */
export const DESIGN_POINT_BYTES_PER_ANALYSIS = 160 * 1024;

/** The CSV `sample` writes at most: what `analyze --data` reads back (MAX_DATA_BYTES), well under V8's longest string. */
export const MAX_SAMPLE_CSV_BYTES = 256 * 1024 * 1024;

/** "8GB", "512MB", "1073741824" -> bytes; NaN if not a size. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB)?$/i.exec(text.trim());
  if (m === null) return NaN;
  const unit = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }[(m[2] ?? '').toUpperCase() as 'KB'] ?? 1;
  return Math.floor(Number(m[1]) * unit);
}

/**
 * Bytes a command may plan to use: TRIALSIM_MEMORY_LIMIT ("8GB") when set,
 * else 2 GB or half the memory, whichever is less.
 */
export function memoryBudget(): number {
  const env = process.env.TRIALSIM_MEMORY_LIMIT;
  if (env !== undefined && env !== '') {
    const v = parseSize(env);
    if (!(v > 0)) throw new UsageError(MSG.badMemoryLimit(env));
    return v;
  }
  const total = totalmem();
  // cgroup limit (a container, a Slurm job); 0 or absurdly large when there is none
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const usable = constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
  return Math.min(DEFAULT_MEMORY_LIMIT, Math.floor(usable * MEMORY_SHARE));
}

/** --workers: at most THREADS_PER_CPU per CPU, and as many as fit in the memory budget. */
export function checkWorkers(workers: number): void {
  const cpus = availableParallelism();
  const budget = memoryBudget();
  const limit = Math.max(1, Math.min(THREADS_PER_CPU * cpus, Math.floor(budget / WORKER_BYTES)));
  if (workers > limit) throw new UsageError(MSG.tooManyWorkers(workers, workers * WORKER_BYTES, limit, cpus, THREADS_PER_CPU, budget));
}

/** A population as the truth cache keys it: the spec without its sample size (src/api/truth.ts). */
const populationKey = (spec: KernelSpec): string => canonicalJson({ ...spec, design: { ...spec.design, sampleSize: 0 } });

/**
 * Bytes per patient of a truth population: its arm and stratum, and per
 * analysis the endpoint and baseline (and the strata measure's baseline)
 * as doubles (src/analysis/truth.ts, TruthPart).
 */
function truthBytesPerPatient(spec: KernelSpec): number {
  return 2 + spec.analyses.reduce((n, a) => n + 16 + (a.strata !== undefined && a.strata.measure !== a.endpoint.measure ? 8 : 0), 0);
}

/**
 * The truth's memory: every distinct population is gathered at once, and
 * each is joined into one copy when finished, so twice its parts.
 */
export function truthBytes(specs: readonly KernelSpec[], patientsPerArm: number): { populations: number; bytes: number } {
  const seen = new Map<string, KernelSpec>();
  for (const s of specs) seen.set(populationKey(s), s);
  let bytes = 0;
  for (const s of seen.values()) bytes += 2 * (2 * patientsPerArm) * truthBytesPerPatient(s);
  return { populations: seen.size, bytes };
}

/**
 * A run: its worker threads, the truth populations (when computed) and the
 * design points, together against the memory budget.
 */
export function checkRunFits(run: {
  readonly specs: readonly KernelSpec[];
  readonly designs: number;
  readonly analyses: number;
  readonly truthPerArm: number | null;
  readonly workers: number;
}): void {
  const budget = memoryBudget();
  const t = run.truthPerArm === null ? { populations: 0, bytes: 0 } : truthBytes(run.specs, run.truthPerArm);
  const points = run.designs * Math.max(1, run.analyses) * DESIGN_POINT_BYTES_PER_ANALYSIS;
  const threads = run.workers * WORKER_BYTES;
  if (t.bytes + points + threads <= budget) return;
  const parts = [
    ...(t.bytes > 0 ? [MSG.truthNeeds(run.truthPerArm ?? 0, t.populations, t.bytes)] : []),
    MSG.pointsNeed(run.designs, run.analyses, points),
    MSG.workersNeed(run.workers, threads),
  ];
  throw new UsageError(MSG.runTooLarge(t.bytes + points + threads, parts, budget, t.bytes >= points));
}

/**
 * Memory of a sampled trial per byte of its CSV, besides its cohort: the rows'
 * cells as strings while the text is built (1,000 ProDERM trials: 21 MB of CSV, 200 MB more peak RSS).
 */
const SAMPLE_BYTES_PER_CSV_BYTE = 8;

/** sample: the CSV of `trials` trials, extrapolated from the first one's, against MAX_SAMPLE_CSV_BYTES and the memory budget. */
export function checkSampleFits(trials: number, firstTrialCsvBytes: number, firstTrialBytes: number): void {
  const csv = trials * firstTrialCsvBytes;
  const perTrial = firstTrialBytes + SAMPLE_BYTES_PER_CSV_BYTE * firstTrialCsvBytes;
  const budget = memoryBudget();
  if (csv > MAX_SAMPLE_CSV_BYTES || trials * perTrial > budget) {
    const most = Math.max(1, Math.min(Math.floor(MAX_SAMPLE_CSV_BYTES / firstTrialCsvBytes), Math.floor(budget / perTrial)));
    throw new UsageError(MSG.sampleTooLarge(trials, csv, firstTrialCsvBytes, MAX_SAMPLE_CSV_BYTES, most, budget));
  }
}
