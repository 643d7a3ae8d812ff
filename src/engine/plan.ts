// From the caller's options to a validated plan: settings, identity, the
// blocks of the run, and the specs each task will carry. Validation happens
// here, once, at the boundary.
import { availableParallelism } from 'node:os';
import { DEFAULT_ESTIMATE_SAMPLE } from './estimateSample.js';
import { hashOf } from './identity.js';
import { kernelModuleUrl } from './kernel.js';
import { duplicateDesignId, invalidOption, nullSpecMissing } from './messages.js';
import type { WorkerPool } from './pool.js';
import type { ProgressReporter } from './progress.js';
import { RESULT_FORMAT, type RunSettings } from './runResult.js';
import type { PrecisionTarget } from './stopping.js';
import { TRUTH_SOURCES, type Truth, type TruthValue } from './truth.js';

export interface DesignInput {
  /** Unique within the run (a sweep point's label). */
  id: string;
  /** Structured-clonable spec handed to the kernel's createKernel. */
  spec: unknown;
  /** The same design with effect scale 0 (or a function making it from `spec`), for type I error. */
  nullSpec?: unknown;
  /** True values of the estimands under the design's population (see truth.ts). */
  truth?: Truth;
  /** ... and under the null, if coverage and bias under the null are wanted. */
  nullTruth?: Truth;
}

export interface EngineHooks {
  /** Delay (ms) before a task starts in its worker, to shuffle completion order in tests. */
  taskDelayMs?(task: { design: number; firstBlock: number; lastBlock: number }): number;
  /** Called on the main thread after a task's blocks are journalled. */
  onTaskComplete?(task: { design: number; firstBlock: number; lastBlock: number }): void;
}

export interface EngineOptions {
  /** Path or file URL of the kernel module (exports createKernel). */
  kernelModule: string;
  /** Stable name of the kernel for the run identity (default: kernelModule as given). */
  kernelId?: string;
  seed: number;
  /** Replicates per design (the maximum, when stopping by precision). */
  replicates: number;
  /** Replicates per block: the unit of merging, journalling and stopping (default 250). Part of the run identity. */
  blockSize?: number;
  /** Keep each analysis' estimates of replicates 0 … K − 1 for plotting their distribution (default 1000; 0: none). Part of the run identity. */
  estimateSample?: number;
  /** Run each design's null alongside (default true). */
  nullRun?: boolean;
  /** Analysis ids forming the family for family-wise rates (default: all analyses). */
  family?: readonly string[];
  /** Stop at the first block where every reported power has MCSE ≤ this. */
  targetMcse?: number;
  /** Replicates before the precision rule may fire (default 200). */
  minReplicates?: number;
  /** Abort when more replicates of a design throw (default min(100, max(1, ⌊1% of replicates⌋))). */
  maxFailures?: number;
  /** Worker threads (default: available parallelism). */
  workers?: number;
  /** Blocks per task (default: guided, about a quarter of a worker's share of the blocks left, 1 to 16, shrinking towards the end). */
  taskBlocks?: number;
  /** Folder for journal.jsonl and result.json; without it nothing is written and nothing can be resumed. */
  outDir?: string;
  /** Continue the run journalled in outDir. */
  resume?: boolean;
  progress?: ProgressReporter;
  /** Abort (e.g. on SIGINT): pending tasks are cancelled, the journal kept. */
  signal?: AbortSignal;
  hooks?: EngineHooks;
  /**
   * Run on this pool (its threads must be `workers`), e.g. one started and
   * warmed while the caller computed the truth; the caller destroys it.
   * Default: a pool of the run's own, destroyed at its end.
   */
  pool?: WorkerPool;
}

export interface Shard {
  /** 1-based. */
  k: number;
  n: number;
}

export interface PlannedDesign {
  spec: unknown;
  nullSpec: unknown;
  specKey: string;
  nullSpecKey: string | null;
}

export interface Plan {
  settings: RunSettings;
  identity: string;
  kernelUrl: string;
  designs: PlannedDesign[];
  nBlocks: number;
  target: PrecisionTarget | null;
  maxFailures: number;
  workers: number;
  taskBlocks: number | null;
}

export const DEFAULT_BLOCK_SIZE = 250;
export const DEFAULT_MIN_REPLICATES = 200;

function check(ok: boolean, name: string, rule: string, got: unknown): void {
  if (!ok) throw new Error(invalidOption(name, rule, got));
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const isNonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkTruthValue(t: TruthValue, where: string): TruthValue {
  check(typeof t === 'object' && t !== null && Number.isFinite(t.value), `${where}.value`, 'must be a finite number', t?.value);
  check(Number.isFinite(t.se) && t.se >= 0, `${where}.se`, 'must be a finite number ≥ 0', t.se);
  if (t.source === undefined) return { value: t.value, se: t.se };
  check(TRUTH_SOURCES.includes(t.source), `${where}.source`, `must be one of ${TRUTH_SOURCES.join(', ')}`, t.source);
  return { value: t.value, se: t.se, source: t.source };
}

/** A plain copy of a truth, checked (finite values, SEs ≥ 0). */
function checkTruth(truth: Truth | undefined, where: string): Truth | null {
  if (truth === undefined) return null;
  const out: Record<string, TruthValue & { strata?: Record<string, TruthValue> }> = {};
  for (const [id, t] of Object.entries(truth)) {
    const v = checkTruthValue(t, `${where}.${id}`);
    if (t.strata === undefined) {
      out[id] = v;
      continue;
    }
    const strata: Record<string, TruthValue> = {};
    for (const [label, s] of Object.entries(t.strata)) strata[label] = checkTruthValue(s, `${where}.${id}.strata.${label}`);
    out[id] = { ...v, strata };
  }
  return out;
}

export function blockCount(replicates: number, blockSize: number): number {
  return Math.ceil(replicates / blockSize);
}

/** Replicates in block b. */
export function blockReplicates(b: number, replicates: number, blockSize: number): number {
  return Math.min(replicates, (b + 1) * blockSize) - b * blockSize;
}

/** A shard's share: a contiguous range [from, to) of blocks, equal in size up to one. */
export function shardBlocks(nBlocks: number, shard: Shard | null): { from: number; to: number } {
  if (shard === null) return { from: 0, to: nBlocks };
  return { from: Math.floor(((shard.k - 1) * nBlocks) / shard.n), to: Math.floor((shard.k * nBlocks) / shard.n) };
}

export function checkShard(shard: Shard): void {
  check(isPositiveInt(shard.n), 'shard.n', 'must be a positive integer', shard.n);
  check(isPositiveInt(shard.k) && shard.k <= shard.n, 'shard.k', `must be an integer from 1 to ${shard.n}`, shard.k);
}

export function planRun(o: EngineOptions, designs: readonly DesignInput[]): Plan {
  check(typeof o.kernelModule === 'string' && o.kernelModule.length > 0, 'kernelModule', 'must be a module path or URL', o.kernelModule);
  check(typeof o.seed === 'number' && Number.isSafeInteger(o.seed), 'seed', 'must be an integer', o.seed);
  check(isPositiveInt(o.replicates), 'replicates', 'must be a positive integer', o.replicates);
  const blockSize = o.blockSize ?? DEFAULT_BLOCK_SIZE;
  check(isPositiveInt(blockSize), 'blockSize', 'must be a positive integer', blockSize);
  const estimateSample = o.estimateSample ?? DEFAULT_ESTIMATE_SAMPLE;
  check(isNonNegativeInt(estimateSample), 'estimateSample', 'must be a non-negative integer', estimateSample);
  const workers = o.workers ?? availableParallelism();
  check(isPositiveInt(workers), 'workers', 'must be a positive integer', workers);
  check(o.taskBlocks === undefined || isPositiveInt(o.taskBlocks), 'taskBlocks', 'must be a positive integer', o.taskBlocks);
  check(
    o.targetMcse === undefined || (typeof o.targetMcse === 'number' && o.targetMcse > 0 && o.targetMcse <= 0.5),
    'targetMcse',
    'must be a number in (0, 0.5]',
    o.targetMcse,
  );
  const minReplicates = o.minReplicates ?? DEFAULT_MIN_REPLICATES;
  check(isNonNegativeInt(minReplicates), 'minReplicates', 'must be a non-negative integer', minReplicates);
  const maxFailures = o.maxFailures ?? Math.min(100, Math.max(1, Math.floor(0.01 * o.replicates)));
  check(isNonNegativeInt(maxFailures), 'maxFailures', 'must be a non-negative integer', maxFailures);
  check(designs.length > 0, 'designs', 'must name at least one design', designs.length);
  const family = o.family === undefined ? null : [...o.family];
  check(
    family === null || (family.length > 0 && family.every((f) => typeof f === 'string') && new Set(family).size === family.length),
    'family',
    'must be a non-empty list of distinct analysis ids',
    family,
  );
  const nullRun = o.nullRun ?? true;
  const ids = new Set<string>();
  for (const d of designs) {
    check(typeof d.id === 'string' && d.id.length > 0, 'designs[].id', 'must be a non-empty string', d.id);
    if (ids.has(d.id)) throw new Error(duplicateDesignId(d.id));
    ids.add(d.id);
    if (nullRun && d.nullSpec === undefined) throw new Error(nullSpecMissing(d.id));
  }
  const kernelUrl = kernelModuleUrl(o.kernelModule);
  const planned = designs.map((d): PlannedDesign => {
    const nullSpec = !nullRun ? null : typeof d.nullSpec === 'function' ? (d.nullSpec as (s: unknown) => unknown)(d.spec) : d.nullSpec;
    return {
      spec: d.spec,
      nullSpec,
      specKey: hashOf({ module: kernelUrl, spec: d.spec }),
      nullSpecKey: nullRun ? hashOf({ module: kernelUrl, spec: nullSpec }) : null,
    };
  });
  const settings: RunSettings = {
    kernel: o.kernelId ?? o.kernelModule,
    seed: o.seed,
    replicates: o.replicates,
    blockSize,
    estimateSample,
    targetMcse: o.targetMcse ?? null,
    minReplicates,
    family,
    designs: designs.map((d) => ({
      id: d.id,
      nullRun,
      truth: checkTruth(d.truth, `designs.${d.id}.truth`),
      nullTruth: nullRun ? checkTruth(d.nullTruth, `designs.${d.id}.nullTruth`) : null,
    })),
  };
  const identity = hashOf({ format: RESULT_FORMAT, settings, specs: planned.map((p) => [p.spec, p.nullSpec]) });
  return {
    settings,
    identity,
    kernelUrl,
    designs: planned,
    nBlocks: blockCount(o.replicates, blockSize),
    target: settings.targetMcse === null ? null : { targetMcse: settings.targetMcse, minReplicates },
    maxFailures,
    workers,
    taskBlocks: o.taskBlocks ?? null,
  };
}
