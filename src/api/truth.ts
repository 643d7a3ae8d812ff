// The truth of each design's estimands (for bias, RMSE and coverage): exact
// where it is known in closed form or under the null (analysis/exactTruth.ts;
// a spec whose every estimand is known so needs no population at all), else
// computed once per distinct population: computeTruth replaces the sample size by its
// own population, so the points of a sample-size sweep share one truth, and
// the null specs of an effect-size sweep share another. The populations of a
// run are computed together (computeTruths: a design and its null draw their
// patients once).
//
// And, when asked (TRIALSIM_TRUTH_CACHE, or the API's truthCache), remembered
// on disk (<folder>/<key>.json), so that running a scenario again does not
// recompute it: the key hashes the population (the
// spec without its sample size, the population size, the seed), trialsim's
// version and the compiled code that simulates and analyses (dist/src/model,
// analysis, stats, design, random), so a changed model never reads an old truth.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exactTruth, withExactTruth, type ExactTruth } from '../analysis/exactTruth.js';
import { newModelSetups } from '../design/trial.js';
import { computeTruths, truthChunks, truthPartBuffers, type TruthFinishTask, type TruthGatherTask, type TruthOptions, type TruthPart } from '../analysis/truth.js';
import type { WorkerPool } from '../engine/pool.js';
import { canonicalJson } from '../engine/identity.js';
import { writeFileAtomic } from '../engine/folderFiles.js';
import type { Truth } from '../engine/truth.js';
import type { KernelSpec } from '../scenario/toKernelSpec.js';
import { KERNEL_ID } from './kernel.js';

/** Truth population seed: fixed, and independent of any run's seed. */
export const TRUTH_SEED = 20231;
/** Patients per arm of the truth population (computeTruth's default). */
export const DEFAULT_TRUTH_POPULATION = 200_000;

export interface TruthCache {
  /** Truth of a spec, computed on first use. */
  of(spec: KernelSpec): Truth;
  /**
   * Compute the truths of these specs not known yet, together: on the run's
   * worker pool when given one, else on this thread.
   */
  prefetch(specs: readonly KernelSpec[], pool?: WorkerPool): Promise<void>;
  /** How many distinct populations of these specs are neither in memory nor on disk. */
  pending(specs: readonly KernelSpec[]): number;
  /** Distinct populations computed so far (not those read from disk). */
  readonly computed: number;
}

/**
 * Where runs remember truths unless told otherwise: the folder in the
 * environment variable TRIALSIM_TRUTH_CACHE ("user" for ~/.cache/trialsim/truth,
 * or XDG_CACHE_HOME's), or nowhere (null) when it is unset: off by default, so
 * every run says that it computes its truth.
 */
export function defaultTruthCacheDir(): string | null {
  const dir = process.env.TRIALSIM_TRUTH_CACHE;
  if (dir === undefined || dir === '') return null;
  if (dir !== 'user') return dir;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'trialsim', 'truth');
}

/**
 * The truths of `specs` on a run's worker pool, each exactly computeTruth's:
 * the chunks of the populations split into one contiguous range per thread
 * (every population of a range drawn together, as computeTruths does), then
 * each population finished on a thread from its parts in chunk order. The
 * main thread meanwhile is free (it loads the report layer).
 */
async function truthsOnPool(pool: WorkerPool, specs: readonly KernelSpec[], options: TruthOptions): Promise<Truth[]> {
  const chunks = truthChunks(options);
  const ranges = Math.min(pool.threads, chunks);
  const gathered = await Promise.all(
    Array.from({ length: ranges }, (_, r) => {
      const task: TruthGatherTask = {
        specs: [...specs],
        options,
        fromChunk: Math.floor((r * chunks) / ranges),
        toChunk: Math.floor(((r + 1) * chunks) / ranges),
      };
      return pool.runNamed<TruthPart[]>('truthGather', task);
    }),
  );
  return Promise.all(
    specs.map((spec, i) => {
      const parts = gathered.map((g) => g[i]);
      const task: TruthFinishTask = { spec, parts };
      return pool.runNamed<Truth>('truthFinish', task, parts.flatMap(truthPartBuffers));
    }),
  );
}

/** Folder of the compiled source (dist/src/). */
const SRC = fileURLToPath(new URL('..', import.meta.url));
const CODE_FOLDERS = ['model', 'analysis', 'stats', 'design', 'random'];
let fingerprint: string | null = null;

/** A hash of the compiled code the truth depends on. */
function codeFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) h.update(name).update(readFileSync(path));
    }
  };
  for (const f of CODE_FOLDERS) walk(join(SRC, f));
  fingerprint = h.digest('hex');
  return fingerprint;
}

/** Numbers JSON cannot hold (NaN, ±Infinity, −0) spelled out; key order kept, as the run echoes the truth. */
const encodeNumbers = (_k: string, v: unknown): unknown => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $number: Object.is(v, -0) ? '-0' : String(v) } : v);
const reviveNumbers = (_k: string, v: unknown): unknown =>
  typeof v === 'object' && v !== null && '$number' in v && typeof (v as { $number: unknown }).$number === 'string' ? Number((v as { $number: string }).$number) : v;

/**
 * @param cacheDir folder of the remembered truths; null: none (compute every time).
 */
export function createTruthCache(patientsPerArm: number, onCompute?: (spec: KernelSpec) => void, cacheDir: string | null = null): TruthCache {
  const memory = new Map<string, Truth>();
  const exacts = new Map<string, ExactTruth>();
  const setups = newModelSetups(); // the model set-up the populations share
  let computed = 0;
  const keyOf = (spec: KernelSpec): string => canonicalJson({ ...spec, design: { ...spec.design, sampleSize: 0 } });
  // The exact part of a population's truth (it does not depend on the sample size either).
  const exactOf = (key: string, spec: KernelSpec): ExactTruth => {
    let e = exacts.get(key);
    if (e === undefined) {
      e = exactTruth(spec, setups);
      exacts.set(key, e);
    }
    return e;
  };
  const fileOf = (key: string): string | null => {
    if (cacheDir === null) return null;
    const name = createHash('sha256')
      .update(canonicalJson({ kernel: KERNEL_ID, code: codeFingerprint(), population: key, patientsPerArm, seed: TRUTH_SEED }))
      .digest('hex');
    return join(cacheDir, `${name}.json`);
  };
  const fromDisk = (key: string): Truth | undefined => {
    const file = fileOf(key);
    if (file === null) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8'), reviveNumbers) as Truth;
    } catch {
      return undefined; // absent or unreadable: compute it
    }
  };
  const toDisk = (key: string, truth: Truth): void => {
    const file = fileOf(key);
    if (file === null || cacheDir === null) return;
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileAtomic(file, JSON.stringify(truth, encodeNumbers));
    } catch {
      // A cache that cannot be written only costs time next run.
    }
  };
  const known = (key: string): boolean => {
    if (memory.has(key)) return true;
    const t = fromDisk(key);
    if (t !== undefined) memory.set(key, t);
    return t !== undefined;
  };
  const missing = (specs: readonly KernelSpec[]): Map<string, KernelSpec> => {
    const todo = new Map<string, KernelSpec>();
    for (const spec of specs) {
      const key = keyOf(spec);
      if (!todo.has(key) && !exactOf(key, spec).complete && !known(key)) todo.set(key, spec);
    }
    for (const spec of todo.values()) {
      onCompute?.(spec);
      computed++;
    }
    return todo;
  };
  const keep = (keys: readonly string[], truths: readonly Truth[]): void => {
    keys.forEach((key, i) => {
      memory.set(key, truths[i]);
      toDisk(key, truths[i]);
    });
  };
  const options = { patientsPerArm, seed: TRUTH_SEED };
  const computeHere = (specs: readonly KernelSpec[]): void => {
    const todo = missing(specs);
    if (todo.size > 0) keep([...todo.keys()], computeTruths([...todo.values()], options));
  };
  const prefetch = async (specs: readonly KernelSpec[], pool?: WorkerPool): Promise<void> => {
    const todo = missing(specs);
    if (todo.size === 0) return;
    const all = [...todo.values()];
    keep([...todo.keys()], pool === undefined ? computeTruths(all, options) : await truthsOnPool(pool, all, options));
  };
  return {
    of(spec) {
      const key = keyOf(spec);
      const exact = exactOf(key, spec);
      if (exact.complete) return exact.truth;
      if (!known(key)) computeHere([spec]);
      const t = memory.get(key);
      if (t === undefined) throw new Error('truth: internal error: a computed truth went missing');
      return withExactTruth(t, exact.truth);
    },
    prefetch,
    pending(specs) {
      const keys = new Set<string>();
      for (const spec of specs) {
        const key = keyOf(spec);
        if (!exactOf(key, spec).complete && !known(key)) keys.add(key);
      }
      return keys.size;
    },
    get computed() {
      return computed;
    },
  };
}
