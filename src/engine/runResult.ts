// The result of a run, as written to result.json: the run's settings and, per
// design, its operating characteristics under the design (power) and under its
// null (type I error), the replicates used and the replicates that failed.
//
// Built only from the settings and the folded blocks, never from how the run
// was scheduled (workers, task size, shards, resume), so the JSON text is the
// same to the last digit however it was produced. Key order is fixed by the
// code that builds the objects; numbers are printed by JSON.stringify.
import { sampleJson, type EstimateSample } from './estimateSample.js';
import type { DesignFold } from './fold.js';
import type { ReplicateLayout } from './layout.js';
import { summarize, type OperatingCharacteristics } from './summarize.js';
import type { Truth } from './truth.js';

// 2: ALPHA_GRID counts (rejectionByAlpha) and the estimate sample.
// 4: direction (power counts only rejections towards benefit; rejection.harm)
//    and the planning counts (analysed per arm, planning): a new accumulator layout.
// 5: discontinuations per arm in the planning counts (stops0, stops1): a new accumulator layout.
export const RESULT_FORMAT = 'trialsim-result/5';
export const RESULT_FILE = 'result.json';

/** What identifies a run besides its specs; stored in the journal header. */
export interface RunSettings {
  /** The kernel's identity (kernelId, or the module address as given). */
  kernel: string;
  seed: number;
  replicates: number;
  blockSize: number;
  /** K: the estimates of replicates 0 … K − 1 are kept (estimateSample.ts). */
  estimateSample: number;
  /** Stop once every reported power has MCSE ≤ this (null: run all replicates). */
  targetMcse: number | null;
  minReplicates: number;
  family: string[] | null;
  designs: { id: string; nullRun: boolean; truth: Truth | null; nullTruth: Truth | null }[];
}

/** The settings stored in a journal header, checked before merge trusts them. */
export function checkRunSettings(x: unknown, where: string): RunSettings {
  const bad = (): never => {
    throw new Error(`engine: ${where}: the header's run settings are incomplete; the journal is damaged or from another version`);
  };
  if (typeof x !== 'object' || x === null) return bad();
  const r = x as Record<string, unknown>;
  const num = (k: string): boolean => typeof r[k] === 'number';
  if (typeof r.kernel !== 'string' || !num('seed') || !num('replicates') || !num('blockSize') || !num('estimateSample') || !num('minReplicates')) return bad();
  if (r.targetMcse !== null && !num('targetMcse')) return bad();
  if (r.family !== null && !(Array.isArray(r.family) && r.family.every((f) => typeof f === 'string'))) return bad();
  if (!Array.isArray(r.designs)) return bad();
  const designs = r.designs.map((d: unknown) => {
    if (typeof d !== 'object' || d === null) return bad();
    const e = d as Record<string, unknown>;
    if (typeof e.id !== 'string' || typeof e.nullRun !== 'boolean') return bad();
    return { id: e.id, nullRun: e.nullRun, truth: (e.truth ?? null) as Truth | null, nullTruth: (e.nullTruth ?? null) as Truth | null };
  });
  return {
    kernel: r.kernel,
    seed: r.seed as number,
    replicates: r.replicates as number,
    blockSize: r.blockSize as number,
    estimateSample: r.estimateSample as number,
    targetMcse: r.targetMcse as number | null,
    minReplicates: r.minReplicates as number,
    family: r.family as string[] | null,
    designs,
  };
}

export interface FailureRecord {
  run: 'alternative' | 'null';
  index: number;
  /** With `index`, all it takes to replay the replicate alone (replayReplicate). */
  seed: number;
  message: string;
}

export interface DesignResult {
  id: string;
  replicates: {
    requested: number;
    /** Replicate indices 0 … used − 1 were run (fewer than requested when stopped by precision). */
    used: number;
    blocks: number;
    stoppedBy: 'replicates' | 'targetMcse';
  };
  failures: { count: number; list: FailureRecord[] };
  /** Under the design: rejection rates are power. */
  alternative: OperatingCharacteristics;
  /** Under its null (effect scale 0): rejection rates are type I error; null when switched off. */
  null: OperatingCharacteristics | null;
  /** Each analysis' estimate in the first replicates, under the design (for the distribution plot). */
  estimateSample: EstimateSample;
}

/** The run's settings as written (the family and per-design truths live in the journal), then its designs. */
export interface RunResult extends Omit<RunSettings, 'family' | 'designs'> {
  format: typeof RESULT_FORMAT;
  identity: string;
  designs: DesignResult[];
}

export function buildRunResult(
  settings: RunSettings,
  identity: string,
  layouts: readonly ReplicateLayout[],
  folds: readonly DesignFold[],
): RunResult {
  return {
    format: RESULT_FORMAT,
    identity,
    kernel: settings.kernel,
    seed: settings.seed,
    replicates: settings.replicates,
    blockSize: settings.blockSize,
    estimateSample: settings.estimateSample,
    targetMcse: settings.targetMcse,
    minReplicates: settings.minReplicates,
    designs: settings.designs.map((d, i): DesignResult => {
      const fold = folds[i];
      const layout = layouts[i];
      return {
        id: d.id,
        replicates: {
          requested: settings.replicates,
          used: Math.min(settings.replicates, fold.nextBlock * settings.blockSize),
          blocks: fold.nextBlock,
          stoppedBy: fold.stoppedByPrecision ? 'targetMcse' : 'replicates',
        },
        failures: {
          count: fold.failures.length,
          list: fold.failures.map((f) => ({ run: f.run, index: f.index, seed: settings.seed, message: f.message })),
        },
        alternative: summarize(fold.acc, layout, d.truth, settings.family, 'alternative', fold.slots),
        null: fold.nullAcc === null ? null : summarize(fold.nullAcc, layout, d.nullTruth, settings.family, 'null', fold.slots),
        estimateSample: {
          replicates: fold.sample[0]?.length ?? 0,
          analyses: layout.analyses.map((a, k) => ({ id: a.id, estimates: sampleJson(fold.sample[k]) })),
          ...(layout.sequential !== undefined ? { lookZ: fold.sample.slice(layout.analyses.length).map(sampleJson) } : {}),
        },
      };
    }),
  };
}

/** The result.json text: two-space JSON, trailing newline. */
export function resultJson(result: RunResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
